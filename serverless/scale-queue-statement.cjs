'use strict';
/**
 * The scale function's SQS grant: sqs:GetQueueUrl and sqs:GetQueueAttributes on exactly the
 * queues the stage's policy file names for `sqs-backlog` metrics read straight from SQS
 * (`source: queue`, the default), in this account and Region. A `${cluster}` or `${service}` in a
 * queue name becomes the rule's own `match.cluster` / `match.service` glob when IAM reads it the
 * same way (only `*`, `?` and the characters of ECS names: `worker-*` gives `worker-*-jobs`, not
 * every `*-jobs` queue of the account), else the IAM wildcard `*`; any other placeholder becomes
 * `*`. A policy that names no such queue gets a grant on a name
 * SQS cannot create (a `.` is allowed only in a `.fifo` suffix), so the role can read no queue.
 * CommonJS because serverless loads `${file(...)}` JavaScript with require.
 */
const { readFileSync } = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');

const noQueue = 'ecs-autopilot-no-queue.none';

/** A match glob IAM reads the same way: `*`, `?` and the characters of ECS names only. */
const iamCompatible = /^[A-Za-z0-9_*?-]+$/;

/** The IAM pattern a placeholder of a rule's queue name stands for. */
function placeholderPattern(rule, name) {
  const glob =
    name === 'service'
      ? rule?.match?.service
      : name === 'cluster'
        ? rule?.match?.cluster
        : undefined;
  return typeof glob === 'string' && iamCompatible.test(glob) ? glob : '*';
}

/** The queue names (IAM patterns) of the policy document's queue-read sqs-backlog metrics. */
function listQueuePatterns(document) {
  const rules = document?.scale?.services ?? [];
  const names = rules.flatMap((rule) =>
    (rule?.metrics ?? [])
      .filter((m) => m?.kind === 'sqs-backlog' && (m.source ?? 'queue') === 'queue')
      .map((m) =>
        String(m.queueName).replace(/\$\{([^}]*)\}/g, (_, name) => placeholderPattern(rule, name)),
      ),
  );
  return [...new Set(names)].sort();
}

module.exports = async ({ resolveVariable }) => {
  const policyFile = await resolveVariable('self:custom.policyFile');
  const file = path.resolve(process.cwd(), policyFile);
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    // One line instead of a stack trace: the usual cause is a policyFile parameter naming a
    // file that is not there yet.
    throw new Error(`policyFile ${policyFile} cannot be read (${error.code ?? error.message})`);
  }
  const document = YAML.parse(text);
  const names = listQueuePatterns(document);
  return {
    Effect: 'Allow',
    Action: ['sqs:GetQueueUrl', 'sqs:GetQueueAttributes'],
    Resource: (names.length > 0 ? names : [noQueue]).map((name) => ({
      'Fn::Sub': `arn:\${AWS::Partition}:sqs:\${AWS::Region}:\${AWS::AccountId}:${name}`,
    })),
  };
};

module.exports.listQueuePatterns = listQueuePatterns;
