/**
 * Turns the compliance query string into checked filters, sort and page;
 * anything wrong is an InputError naming the parameter.
 */
import { InputError } from '@backstage/errors';
import {
  COMPLIANCE_SORT_FIELDS,
  COMPLIANCE_STATUSES,
  ComplianceSortField,
  ComplianceStatus,
  GateStatus,
  ReleaseGateId,
  RELEASE_GATE_IDS,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { ComplianceFilter, ComplianceSort } from '../store/compliance';
import { normalizeRef } from './facts';

export const GATE_STATUSES: readonly GateStatus[] = [
  'passed',
  'failed',
  'pending',
  'error',
  'blocked',
];
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

/** A checked compliance query. */
export interface ParsedComplianceQuery {
  filter: ComplianceFilter;
  sort: ComplianceSort;
  offset: number;
  limit: number;
}

type QueryValue = unknown;

/** Repeatable and comma-separated values, trimmed, blanks dropped. */
function list(
  query: Record<string, QueryValue>,
  name: string,
): string[] | undefined {
  const raw = query[name];
  if (raw === undefined) return undefined;
  const values = (Array.isArray(raw) ? raw : [raw]).map(v => {
    if (typeof v !== 'string')
      throw new InputError(`Invalid ${name}: expected text`);
    return v;
  });
  const parts = values
    .flatMap(v => v.split(','))
    .map(v => v.trim())
    .filter(v => v !== '');
  if (parts.some(p => p.length > 300))
    throw new InputError(`Invalid ${name}: a value is too long`);
  return parts.length ? parts : undefined;
}

function single(
  query: Record<string, QueryValue>,
  name: string,
): string | undefined {
  const raw = query[name];
  if (raw === undefined) return undefined;
  const value = Array.isArray(raw) && raw.length === 1 ? raw[0] : raw;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string')
    throw new InputError(`Invalid ${name}: give it once, as text`);
  return value;
}

function integer(
  query: Record<string, QueryValue>,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = single(query, name);
  if (raw === undefined || raw === '') return fallback;
  if (!/^-?\d+$/.test(raw.trim()))
    throw new InputError(`Invalid ${name}: "${raw}" is not an integer`);
  const value = Number(raw);
  if (value < min || value > max)
    throw new InputError(
      `Invalid ${name}: must be between ${min} and ${max}, got ${value}`,
    );
  return value;
}

function oneOf<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  name: string,
): T | undefined {
  if (value === undefined || value === '') return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new InputError(
      `Invalid ${name}: "${value}" is not one of ${allowed.join(', ')}`,
    );
  }
  return value as T;
}

const lower = (values: string[] | undefined) =>
  values?.map(v => v.toLocaleLowerCase('en-US'));

/** Only the filters (for the summary and the CSV export); values lowercase. */
export function parseComplianceFilter(
  query: Record<string, QueryValue>,
): ComplianceFilter {
  const status = lower(list(query, 'status'));
  for (const s of status ?? []) oneOf(s, COMPLIANCE_STATUSES, 'status');
  const q = single(query, 'q')?.trim();
  if (q && q.length > 200)
    throw new InputError('Invalid q: at most 200 characters');
  return {
    kind: lower(list(query, 'kind')),
    type: lower(list(query, 'type')),
    owner: list(query, 'owner')?.map(o => normalizeRef(o, 'group')!),
    lifecycle: lower(list(query, 'lifecycle')),
    system: list(query, 'system')?.map(s => normalizeRef(s, 'system')!),
    tag: lower(list(query, 'tag')),
    namespace: lower(list(query, 'namespace')),
    gate: oneOf<ReleaseGateId>(single(query, 'gate'), RELEASE_GATE_IDS, 'gate'),
    status: status as ComplianceStatus[] | undefined,
    q: q || undefined,
  };
}

/** Filters, sort and page of `GET /compliance`. */
export function parseComplianceQuery(
  query: Record<string, QueryValue>,
): ParsedComplianceQuery {
  return {
    filter: parseComplianceFilter(query),
    sort: {
      field:
        oneOf<ComplianceSortField>(
          single(query, 'sort'),
          COMPLIANCE_SORT_FIELDS,
          'sort',
        ) ?? 'name',
      order:
        oneOf(single(query, 'order'), ['asc', 'desc'] as const, 'order') ??
        'asc',
    },
    offset: integer(query, 'offset', 0, 0, Number.MAX_SAFE_INTEGER),
    limit: integer(query, 'limit', DEFAULT_LIMIT, 1, MAX_LIMIT),
  };
}
