/**
 * The search attribute keys workflows set, defined here because workflow code may not import src/; they must match
 * the keys registered by src/temporal/search-attributes.ts (every one a single Keyword).
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const runStatusKey = defineSearchAttributeKey('SkillplaneRunStatus', SearchAttributeType.KEYWORD);
export const workspaceIdKey = defineSearchAttributeKey('SkillplaneWorkspaceId', SearchAttributeType.KEYWORD);
export const skillIdKey = defineSearchAttributeKey('SkillplaneSkillId', SearchAttributeType.KEYWORD);
export const scheduleIdKey = defineSearchAttributeKey('SkillplaneScheduleId', SearchAttributeType.KEYWORD);
export const projectIdKey = defineSearchAttributeKey('SkillplaneProjectId', SearchAttributeType.KEYWORD);
export const conversationIdKey = defineSearchAttributeKey('SkillplaneConversationId', SearchAttributeType.KEYWORD);
