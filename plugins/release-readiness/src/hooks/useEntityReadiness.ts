import { useCallback, useEffect, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import {
  CompoundEntityRef,
  Entity,
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { useSignal } from '@backstage/plugin-signals-react';
import {
  EntityReadinessResponse,
  ReadinessSignalMessage,
  readinessSignalChannel,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { releaseReadinessApiRef } from '../api';

/** What {@link useEntityReadiness} returns. @public */
export interface EntityReadinessState {
  entityRef: CompoundEntityRef;
  loading: boolean;
  error?: Error;
  /** The readiness; `hasProtocol: false` also stands for a 404 from the backend. */
  value?: EntityReadinessResponse;
  /** Re-evaluates the evidence now; the result replaces `value`. */
  refresh: () => Promise<void>;
  refreshing: boolean;
  refreshError?: Error;
}

/** True for a 404 from the backend: the entity has no readiness there. */
function isNotFound(error: unknown): boolean {
  return error instanceof ResponseError && error.statusCode === 404;
}

/**
 * Loads an entity's readiness and offers a refresh that updates it in place.
 * A 404 becomes `{ hasProtocol: false }` so callers show the empty state.
 * While mounted it listens on the entity's Backstage signals channel
 * (`release-readiness:entity:<ref>`) and reloads when the backend reports a new
 * result, so an open card or tab updates by itself after a push. Without the
 * signals plugin in the app it behaves as before (no live updates).
 *
 * @public
 */
export function useEntityReadiness(entity: Entity): EntityReadinessState {
  const api = useApi(releaseReadinessApiRef);
  const entityRef = getCompoundEntityRef(entity);
  const { kind, namespace, name } = entityRef;
  const refKey = stringifyEntityRef(entityRef);
  // A refresh result, kept only for the entity it was made for.
  const [refreshed, setRefreshed] = useState<{ ref: string; value: EntityReadinessResponse }>();
  // Bumped by each readiness signal; reloading keeps the shown value until the new one arrives.
  const { lastSignal } = useSignal<ReadinessSignalMessage>(readinessSignalChannel(refKey));
  const [signalled, setSignalled] = useState(0);
  useEffect(() => {
    if (lastSignal) setSignalled(n => n + 1);
  }, [lastSignal]);
  const [shown, setShown] = useState<{ ref: string; value: EntityReadinessResponse }>();

  const loaded = useAsync(async (): Promise<EntityReadinessResponse> => {
    try {
      return await api.getEntityReadiness({ kind, namespace, name });
    } catch (error) {
      if (isNotFound(error)) {
        return { entityRef: stringifyEntityRef({ kind, namespace, name }), hasProtocol: false };
      }
      throw error;
    }
  }, [api, kind, namespace, name, signalled]);

  useEffect(() => {
    if (loaded.value) {
      setShown({ ref: refKey, value: loaded.value });
      setRefreshed(undefined);
    }
  }, [loaded.value, refKey]);

  const [refreshState, doRefresh] = useAsyncFn(async () => {
    const next = await api.refreshEntity({ kind, namespace, name });
    setRefreshed({ ref: stringifyEntityRef({ kind, namespace, name }), value: next });
    return next;
  }, [api, kind, namespace, name]);

  const refresh = useCallback(async () => {
    await doRefresh();
  }, [doRefresh]);

  return {
    entityRef,
    // A signalled reload keeps showing the previous value instead of a spinner.
    loading: loaded.loading && shown?.ref !== refKey,
    error: loaded.error,
    value: refreshed?.ref === refKey ? refreshed.value : loaded.value ?? (shown?.ref === refKey ? shown.value : undefined),
    refresh,
    refreshing: refreshState.loading,
    refreshError: refreshState.error,
  };
}
