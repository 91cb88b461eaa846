/**
 * The MD5 digests SQS returns and the SDK verifies: of the body, and of the message attributes
 * in SQS's documented binary encoding (sorted names; length-prefixed name, type, value).
 */
import { createHash } from 'node:crypto';

export type MessageAttribute = { DataType: string; StringValue?: string; BinaryValue?: string };

/** Hex MD5 of a UTF-8 string. */
export function md5OfBody(body: string): string {
  return createHash('md5').update(body, 'utf8').digest('hex');
}

function lengthPrefixed(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** Hex MD5 of message attributes, or undefined when there are none. */
export function md5OfAttributes(attributes: Record<string, MessageAttribute>): string | undefined {
  const names = Object.keys(attributes).sort();
  if (names.length === 0) return undefined;
  const hash = createHash('md5');
  for (const name of names) {
    const attribute = attributes[name];
    if (!attribute) continue;
    hash.update(lengthPrefixed(Buffer.from(name, 'utf8')));
    hash.update(lengthPrefixed(Buffer.from(attribute.DataType, 'utf8')));
    if (attribute.BinaryValue !== undefined) {
      hash.update(Buffer.from([2]));
      hash.update(lengthPrefixed(Buffer.from(attribute.BinaryValue, 'base64')));
    } else {
      hash.update(Buffer.from([1]));
      hash.update(lengthPrefixed(Buffer.from(attribute.StringValue ?? '', 'utf8')));
    }
  }
  return hash.digest('hex');
}
