/**
 * Readers for request fields: each checks the type once at the edge and throws the
 * validation error the service would return.
 */
import { type AwsError, invalidParameter } from './errors.ts';

export type Input = Record<string, unknown>;
type Fail = (message: string) => AwsError;

/** Reads a required string field. @throws AwsError when missing or not a string. */
export function requireString(input: Input, field: string, fail: Fail = invalidParameter): string {
  const value = input[field];
  if (typeof value !== 'string' || value === '') throw fail(`${field} is required.`);
  return value;
}

/** Reads an optional string field. @throws AwsError when present but not a string. */
export function optionalString(input: Input, field: string, fail: Fail = invalidParameter) {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw fail(`${field} must be a string.`);
  return value;
}

/** Reads an optional number field. @throws AwsError when present but not a number. */
export function optionalNumber(input: Input, field: string, fail: Fail = invalidParameter) {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || Number.isNaN(value)) throw fail(`${field} must be a number.`);
  return value;
}

/** Reads an optional boolean field. @throws AwsError when present but not a boolean. */
export function optionalBoolean(input: Input, field: string, fail: Fail = invalidParameter) {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw fail(`${field} must be a boolean.`);
  return value;
}

/** Reads an optional list of strings (empty when missing). @throws AwsError on other types. */
export function stringList(input: Input, field: string, fail: Fail = invalidParameter): string[] {
  const value = input[field];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw fail(`${field} must be a list of strings.`);
  }
  return value;
}

/** Reads an optional list of objects (empty when missing). @throws AwsError on other types. */
export function objectList(input: Input, field: string, fail: Fail = invalidParameter): Input[] {
  const value = input[field];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((item) => !isObject(item))) {
    throw fail(`${field} must be a list of objects.`);
  }
  return value;
}

/** Reads an optional object field. @throws AwsError when present but not an object. */
export function optionalObject(input: Input, field: string, fail: Fail = invalidParameter) {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw fail(`${field} must be an object.`);
  return value;
}

export function isObject(value: unknown): value is Input {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Epoch milliseconds as the JSON protocols' epoch seconds (with fractions). */
export function toEpochSeconds(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : ms / 1000;
}
