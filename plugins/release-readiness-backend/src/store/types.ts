import {
  GateStatus,
  ReleaseGateId,
  ReleaseReadiness,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { SourceFingerprint } from '../sources';

/** Catalog facts about an entity, kept as columns for the compliance list. */
export interface EntityFacts {
  /** Lowercase entity ref, the key. */
  entityRef: string;
  kind: string;
  namespace: string;
  name: string;
  title?: string;
  /** Lowercase owner ref (`group:default/team`). */
  owner?: string;
  /** Lowercase system ref (`system:default/name`). */
  system?: string;
  lifecycle?: string;
}

/** One entity's stored state. */
export interface StoredEntity extends EntityFacts {
  readiness?: ReleaseReadiness;
  overall?: GateStatus;
  gates: Partial<Record<ReleaseGateId, GateStatus>>;
  handoffReady: boolean;
  evaluatedAt?: Date;
  stale?: { since: Date; reason: string };
  documentUrl?: string;
  evidenceBaseUrl?: string;
  fingerprint?: SourceFingerprint;
  leaseOwner?: string;
  leaseExpiresAt: number;
  /** Epoch milliseconds of the latest refresh request not yet served by an evaluation. */
  requestedAt?: number;
}

/** A good evaluation, to be stored. */
export interface EvaluationRecord {
  readiness: ReleaseReadiness;
  /** When the evaluation began (its reads started); requests made before it are served. */
  evaluatedAt: Date;
  documentUrl?: string;
  evidenceBaseUrl?: string;
  fingerprint?: SourceFingerprint;
}

/** One stored change of a gate's status. */
export interface StoredGateChange {
  gateId: ReleaseGateId;
  status: GateStatus;
  previousStatus?: GateStatus;
  changedAt: Date;
}
