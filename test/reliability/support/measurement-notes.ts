/** The closing section of RELIABILITY.md: what each figure means and how it is measured. */
export const measurementNotes = `## How the figures are measured

- **Scenarios** start the simulator (\`simulator/\`) with a small account and run the bundles that
  \`serverless package\` zips (\`dist/<fn>/index.mjs\`), each Lambda container a fresh module
  instance. Faults come from the simulator's fault rules (throttles, 5xx, latency, \`failures[]\`,
  \`AccessDeniedException\` on one cluster, an error after the call took effect, a page failing in
  the middle of a listing), plus its ECS throttle buckets where enabled.
- **Faults injected** counts the answers a fault rule replaced. **Runs** counts invocations,
  retries included (Lambda's asynchronous retries and SQS redeliveries are driven as AWS does them:
  one try and two retries, then the failure destination; a failed record back after the
  visibility timeout, to the dead-letter queue after five receives).
- **Actions expected** are what the causes call for: one restarted task per failed job, one
  deregistration or deletion per revision the same account converges to without faults (a
  fault-free twin run is the oracle), one count change per service whose load moved.
  **Lost** = expected actions missing from the end state of the simulated account after the last
  run; **duplicated** = actions taken more than once for one cause (a second task for one failure,
  a second successful deregistration of one revision, a count changed twice for one load step);
  **wrong** = actions no cause called for (a revision in use deregistered, a service scaled in on
  partial data). **Reported** counts causes that went through a report path instead of being acted
  on at once: a failure destination or dead-letter queue (redriven afterwards, as an operator
  would), a gap or failure in the run report and its audit event, or a
  \`Task Restart Abandoned\` audit event. A reported cause is not lost.
- Scenarios marked (*) run the function outside its deployed configuration (for example two
  overlapping runs, which reserved concurrency 1 prevents); their figures are listed apart.
- **Bad input**: each payload of \`events/bad-input/\` is sent to the function; the test asserts a
  structured \`invalid-event\` answer naming the problem, no AWS write in the simulator's call log,
  the payload preserved on the dead-letter queue, and that the function still works afterwards.
- **Properties** count fast-check's generated cases per property (\`numRuns\`).
- **Secret scan**: credentials are planted in job overrides (environment values, command
  arguments, a URL password, an Authorization header), in task-definition environments and in
  tags. After every scenario, every stdout/stderr line (logs and EMF metrics), every PutEvents
  request and every SendMessage request (delivered or not) is searched for them, except what a
  message must carry: the restart delay queue holds the RunTask request to run later (overrides
  and copied tags), and the dead-letter queue preserves invalid events verbatim; both queues are
  SSE-encrypted.
- SDK retry backoff is made instant in scenarios (its jitter draws \`Math.random()\`, stubbed to 0)
  and only \`Date\` is faked, so no test sleeps; retries are counted, never waited for.

## Known limits these tests measured

- Duplicated restart events that reach RunTask in different containers each publish a
  \`Task Restarted\` audit event; all of them name the same new task (ECS's answer to a repeated
  \`clientToken\` does not say it is a replay), so audit consumers dedupe on \`newTaskArn\`.
- Two prune runs that overlap (outside the deployed configuration) both deregister some of the same
  revisions; ECS answers the second call as done and the end state is exact.
- Scale rate policies read the desired counts earlier ticks published. With a policy period longer
  than the tick interval, the first change after a gap in that history (a fresh install, or a
  failed PutMetricData) is not counted within the period (fast-check counterexample: 3 tasks,
  -1 % per 120 s, two idle ticks: 3 -> 2 -> 1). The property holds with continuous history; the
  default policies (60 s periods, one tick) are not affected.
`;
