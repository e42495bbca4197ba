/** The delivery processor over an in-memory Jira, as the processing tests build it. */
import { JiraActionRunner } from '../../src/actions/index.ts';
import { createDeliveryProcessor } from '../../src/processing/delivery-processor.ts';
import type { Decision } from '../../src/rules/index.ts';
import type { ProcessResult } from '../../src/webhooks/index.ts';
import { ANALYST, BOT, config } from '../rules/fixtures.ts';
import { FakeJira } from '../support/fake-jira.ts';

/** A fake Jira (the analyst in "suporte"), the processor over it, and the decisions it made. */
export function processorOverFakeJira(now: number) {
  const jira = new FakeJira({ now: () => now, bot: BOT });
  jira.groups.set(ANALYST.accountId, ['suporte']);
  const decisions: Array<[Decision['rule'], ProcessResult['outcome']]> = [];
  const processor = createDeliveryProcessor({
    gateway: jira,
    config,
    runner: new JiraActionRunner(jira),
    botAccountId: async () => BOT.accountId,
    onDecision: (decision, outcome) => decisions.push([decision.rule, outcome]),
  });
  return { jira, processor, decisions };
}
