/**
 * Who is calling, and the two IAM decisions the simulator makes: may the caller pass a role to
 * ECS (`iam:PassRole`, checked by RunTask), and does a queue's resource policy deny the caller an
 * action. The caller is the access key id of the request's SigV4 `Credential` (signatures are not
 * checked); scenario `identities` map keys to principals. Identity-based policies are not
 * modelled beyond `passRoles`: in one account, an action nothing denies is allowed.
 */
import { AwsError } from './errors.ts';
import type { Account } from './state.ts';

/** A principal: its ARN (a role or user), and the roles it may pass (IAM wildcards; all if unset). */
export type IdentityRecord = { arn: string; passRoles?: string[] };

/** A resource policy as IAM reads it (only the parts the simulator evaluates are typed). */
export type PolicyDocument = { Statement?: unknown };

/** The access key id of a SigV4 `Authorization` header, if any. */
export function readAccessKeyId(authorization: string | undefined): string | undefined {
  return /Credential=([^/,\s]+)\//.exec(authorization ?? '')?.[1];
}

/** The principal behind an access key: a scenario identity, or an IAM user named after the key. */
export function callerOf(account: Account, accessKeyId: string | undefined): IdentityRecord {
  const key = accessKeyId ?? 'anonymous';
  return account.identities.get(key) ?? { arn: `arn:aws:iam::${account.accountId}:user/${key}` };
}

/** IAM wildcard matching (`*` any run, `?` one character), case-sensitive, whole string. */
export function matchesIamPattern(pattern: string, value: string): boolean {
  const source = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.+()[\]{}|/]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`).test(value);
}

/** How the caller appears in IAM's error messages (an assumed role's session). */
function describePrincipal(caller: IdentityRecord): string {
  const role = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(caller.arn);
  return role ? `arn:aws:sts::${role[1]}:assumed-role/${role[2]}/session` : caller.arn;
}

/**
 * RunTask passes the task's roles to ECS; the caller needs `iam:PassRole` on each. A role given by
 * name is the account's role of that name.
 * @throws AwsError AccessDeniedException naming the first role the caller may not pass.
 */
export function assertCanPassRoles(
  account: Account,
  caller: IdentityRecord,
  roles: readonly string[],
): void {
  if (caller.passRoles === undefined) return;
  for (const role of roles) {
    const arn = role.startsWith('arn:') ? role : `arn:aws:iam::${account.accountId}:role/${role}`;
    if (caller.passRoles.some((pattern) => matchesIamPattern(pattern, arn))) continue;
    throw new AwsError(
      'AccessDeniedException',
      `User: ${describePrincipal(caller)} is not authorized to perform: iam:PassRole on resource: ${arn} because no identity-based policy allows the iam:PassRole action`,
    );
  }
}

type Statement = {
  Effect?: unknown;
  Principal?: unknown;
  Action?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
};

/**
 * Whether a resource policy explicitly denies `action` (`sqs:SendMessage`) to the caller: a Deny
 * statement for every principal (`*` or `{ AWS: '*' }`) whose action matches and whose conditions
 * on `aws:PrincipalArn` (ArnEquals/ArnNotEquals/ArnLike/ArnNotLike and the String forms) hold.
 * For an assumed role, `aws:PrincipalArn` is the role's ARN. Other condition keys are not modelled
 * and make a statement not apply.
 */
export function isDeniedByResourcePolicy(
  policy: PolicyDocument | undefined,
  caller: IdentityRecord,
  action: string,
): boolean {
  const statements = [policy?.Statement ?? []].flat() as Statement[];
  return statements.some(
    (s) =>
      s.Effect === 'Deny' &&
      isEveryone(s.Principal) &&
      [s.Action]
        .flat()
        .some(
          (a) => typeof a === 'string' && matchesIamPattern(a.toLowerCase(), action.toLowerCase()),
        ) &&
      conditionsHold(s.Condition ?? {}, caller.arn),
  );
}

function isEveryone(principal: unknown): boolean {
  if (principal === '*') return true;
  const aws = (principal as { AWS?: unknown } | undefined)?.AWS;
  return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
}

function conditionsHold(conditions: Record<string, Record<string, unknown>>, principalArn: string) {
  return Object.entries(conditions).every(([operator, keys]) =>
    Object.entries(keys).every(([key, expected]) => {
      if (key !== 'aws:PrincipalArn') return false;
      const values = [expected].flat().map(String);
      const like = operator.includes('Like');
      const hit = values.some((v) =>
        like ? matchesIamPattern(v, principalArn) : v === principalArn,
      );
      return operator.includes('Not') ? !hit : hit;
    }),
  );
}
