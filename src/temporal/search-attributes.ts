/**
 * Custom search attributes that let an operator find runs in the Temporal UI by workspace, skill, status and
 * schedule. Registered at start-up (idempotently) so an external Temporal cluster needs no manual setup.
 */
import type { Client } from '@temporalio/client';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const searchAttributes = {
  workspaceId: defineSearchAttributeKey('SkillplaneWorkspaceId', SearchAttributeType.KEYWORD),
  skillId: defineSearchAttributeKey('SkillplaneSkillId', SearchAttributeType.KEYWORD),
  runStatus: defineSearchAttributeKey('SkillplaneRunStatus', SearchAttributeType.KEYWORD),
  scheduleId: defineSearchAttributeKey('SkillplaneScheduleId', SearchAttributeType.KEYWORD),
  projectId: defineSearchAttributeKey('SkillplaneProjectId', SearchAttributeType.KEYWORD),
  conversationId: defineSearchAttributeKey('SkillplaneConversationId', SearchAttributeType.KEYWORD),
} as const;

export async function ensureSearchAttributes(client: Client, namespace: string): Promise<void> {
  const existing = await client.connection.operatorService.listSearchAttributes({ namespace });
  const custom = existing.customAttributes ?? {};
  const missing = Object.values(searchAttributes).filter((key) => !(key.name in custom));
  if (missing.length === 0) return;
  await client.connection.operatorService.addSearchAttributes({
    namespace,
    // INDEXED_VALUE_TYPE_KEYWORD; every Skillplane attribute is a keyword.
    searchAttributes: Object.fromEntries(missing.map((key) => [key.name, 2])),
  });
}
