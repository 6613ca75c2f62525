/** Every workflow the worker runs; the worker bundles this file (workflowsPath). */
export { conversationTurnWorkflow, conversationWorkflow } from './conversation.workflow.ts';
export { echoWorkflow } from './echo.workflow.ts';
export { notifyRunWorkflow } from './notify-run.workflow.ts';
export { purgeWorkspaceWorkflow } from './purge-workspace.workflow.ts';
export { retentionWorkflow } from './retention.workflow.ts';
export { scheduledSkillRunWorkflow } from './scheduled-run.workflow.ts';
export { scratchpadCellWorkflow } from './scratchpad-cell.workflow.ts';
export { skillRunWorkflow } from './skill-run.workflow.ts';
export { webhookDeliveryWorkflow } from './webhook-delivery.workflow.ts';
