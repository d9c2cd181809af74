/**
 * The Backstage signals channel of one entity's readiness:
 * `release-readiness:entity:` followed by the lowercase entity ref
 * (`release-readiness:entity:component:default/payments`). The backend sends
 * `{ entityRef }` on it after each evaluation that changed the stored result
 * (or marked it stale); an open card re-reads the readiness through the API,
 * so the message itself carries nothing a reader may not see.
 * @public
 */
export const RELEASE_READINESS_SIGNAL_CHANNEL_PREFIX =
  'release-readiness:entity:';

/** The message on a readiness signal channel. @public */
export interface ReadinessSignalMessage {
  /** Lowercase entity ref. */
  entityRef: string;
  [key: string]: string;
}

/** The signals channel of an entity ref (any case). @public */
export const readinessSignalChannel = (entityRef: string): string =>
  `${RELEASE_READINESS_SIGNAL_CHANNEL_PREFIX}${entityRef.toLocaleLowerCase('en-US')}`;
