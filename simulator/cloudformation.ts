/**
 * CloudFormation's ListStackResources, the one call `serverless invoke local` makes to resolve a
 * function's `Ref` environment variables (osls lib/plugins/aws/invoke-local/index.js,
 * resolveCfRefValue). CloudFormation speaks the AWS query protocol: a form-encoded POST with an
 * `Action` field, answered in XML
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ListStackResources.html;
 * an unknown stack is a 400 `ValidationError` "Stack with id NAME does not exist").
 */
import { randomUUID } from 'node:crypto';
import type { Account, StackResourceRecord } from './state.ts';

/** An answer of the query protocol: status and XML body. */
export type QueryAnswer = { status: number; action: string; error?: string; xml: string };

const namespace = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';

/** Answers one CloudFormation query-protocol request (form fields already parsed). */
export function answerCloudFormation(account: Account, form: URLSearchParams): QueryAnswer {
  const action = form.get('Action') ?? '';
  if (action !== 'ListStackResources') {
    return queryError(
      action,
      'InvalidAction',
      `The action ${action} is not valid for this web service.`,
    );
  }
  const name = form.get('StackName') ?? '';
  const resources = account.stacks.get(name);
  if (resources === undefined) {
    return queryError(action, 'ValidationError', `Stack with id ${name} does not exist`);
  }
  const members = resources.map(renderSummary).join('');
  const xml =
    `<ListStackResourcesResponse xmlns="${namespace}"><ListStackResourcesResult>` +
    `<StackResourceSummaries>${members}</StackResourceSummaries></ListStackResourcesResult>` +
    `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata>` +
    '</ListStackResourcesResponse>';
  return { status: 200, action, xml };
}

function renderSummary(resource: StackResourceRecord): string {
  return (
    '<member>' +
    `<LogicalResourceId>${escapeXml(resource.logicalId)}</LogicalResourceId>` +
    `<PhysicalResourceId>${escapeXml(resource.physicalId)}</PhysicalResourceId>` +
    `<ResourceType>${escapeXml(resource.type)}</ResourceType>` +
    '<ResourceStatus>CREATE_COMPLETE</ResourceStatus>' +
    `<LastUpdatedTimestamp>${new Date(0).toISOString()}</LastUpdatedTimestamp>` +
    '</member>'
  );
}

function queryError(action: string, code: string, message: string): QueryAnswer {
  const xml =
    `<ErrorResponse xmlns="${namespace}"><Error><Type>Sender</Type><Code>${code}</Code>` +
    `<Message>${escapeXml(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
  return { status: 400, action, error: code, xml };
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
