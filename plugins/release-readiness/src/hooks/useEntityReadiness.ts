import { useCallback, useEffect, useRef, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import {
  CompoundEntityRef,
  Entity,
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useAsyncEntity } from '@backstage/plugin-catalog-react';
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

/** Options of {@link useEntityReadiness}. @public */
export interface EntityReadinessOptions {
  /**
   * While the entity has no Protocol 11, how often to ask again whether it has
   * gained it (a delivery just added the annotation), in milliseconds.
   * Default 3000. The window regaining focus asks at once.
   */
  followIntervalMs?: number;
  /** How long to keep asking on the interval, in milliseconds; default 15 minutes. Focus restarts it. */
  followForMs?: number;
}

/** True for a 404 from the backend: the entity has no readiness there. */
function isNotFound(error: unknown): boolean {
  return error instanceof ResponseError && error.statusCode === 404;
}

/**
 * Loads an entity's readiness and offers a refresh that updates it in place.
 * A 404 becomes `{ hasProtocol: false }` so callers show the empty state.
 * While the entity has no Protocol 11, asks the backend again on an interval
 * and on window focus (the backend checks the catalog each time), so a
 * delivery that adds the annotation shows up without reloading the page; the
 * entity page's own entity is then refreshed too, so its tab appears.
 * While mounted it also listens on the entity's Backstage signals channel
 * (`release-readiness:entity:<ref>`) and reloads when the backend reports a new
 * result, so an open card or tab updates by itself after a push; the shown
 * value stays until the new one arrives. Without the signals plugin in the app
 * there are no live updates.
 *
 * @public
 */
export function useEntityReadiness(
  entity: Entity,
  options: EntityReadinessOptions = {},
): EntityReadinessState {
  const { followIntervalMs = 3000, followForMs = 15 * 60 * 1000 } = options;
  const api = useApi(releaseReadinessApiRef);
  const { refresh: refreshPageEntity } = useAsyncEntity();
  const entityRef = getCompoundEntityRef(entity);
  const { kind, namespace, name } = entityRef;
  const refKey = stringifyEntityRef(entityRef);
  // A refresh result, kept only for the entity it was made for.
  const [refreshed, setRefreshed] = useState<{
    ref: string;
    value: EntityReadinessResponse;
  }>();

  const loaded = useAsyncRetry(async (): Promise<EntityReadinessResponse> => {
    try {
      return await api.getEntityReadiness({ kind, namespace, name });
    } catch (error) {
      if (isNotFound(error)) {
        return {
          entityRef: stringifyEntityRef({ kind, namespace, name }),
          hasProtocol: false,
        };
      }
      throw error;
    }
  }, [api, kind, namespace, name]);

  const [refreshState, doRefresh] = useAsyncFn(async () => {
    const next = await api.refreshEntity({ kind, namespace, name });
    setRefreshed({
      ref: stringifyEntityRef({ kind, namespace, name }),
      value: next,
    });
    return next;
  }, [api, kind, namespace, name]);

  const refresh = useCallback(async () => {
    await doRefresh();
  }, [doRefresh]);

  // A newer load (a follow-up while waiting for the annotation) replaces a refresh result.
  useEffect(() => setRefreshed(undefined), [loaded.value]);

  const value = refreshed?.ref === refKey ? refreshed.value : loaded.value;
  const following = value?.hasProtocol === false && !loaded.error;
  const { retry } = loaded;

  // A readiness signal: reload, keeping the shown value meanwhile.
  const { lastSignal } = useSignal<ReadinessSignalMessage>(
    readinessSignalChannel(refKey),
  );
  useEffect(() => {
    if (lastSignal) retry();
  }, [lastSignal, retry]);
  const [shown, setShown] = useState<{
    ref: string;
    value: EntityReadinessResponse;
  }>();
  useEffect(() => {
    if (value) setShown({ ref: refKey, value });
  }, [value, refKey]);

  useEffect(() => {
    if (!following) return undefined;
    let timer: ReturnType<typeof setInterval> | undefined;
    const start = () => {
      if (timer) clearInterval(timer);
      const until = Date.now() + followForMs;
      timer = setInterval(() => {
        if (Date.now() > until) {
          clearInterval(timer);
          timer = undefined;
        } else if (
          typeof document === 'undefined' ||
          document.visibilityState !== 'hidden'
        ) {
          retry();
        }
      }, followIntervalMs);
    };
    const onFocus = () => {
      retry();
      start();
    };
    start();
    window.addEventListener('focus', onFocus);
    return () => {
      if (timer) clearInterval(timer);
      window.removeEventListener('focus', onFocus);
    };
  }, [following, retry, followIntervalMs, followForMs]);

  // The entity gained Protocol 11 while shown: refresh the page's entity so
  // filters that read its annotation (the tab) see it.
  const hadProtocol = useRef(value?.hasProtocol);
  useEffect(() => {
    if (hadProtocol.current === false && value?.hasProtocol)
      refreshPageEntity?.();
    if (value) hadProtocol.current = value.hasProtocol;
  }, [value, refreshPageEntity]);

  return {
    entityRef,
    // A reload after a signal keeps showing the previous value instead of a spinner.
    loading: loaded.loading && shown?.ref !== refKey,
    error: loaded.error,
    value: value ?? (shown?.ref === refKey ? shown.value : undefined),
    refresh,
    refreshing: refreshState.loading,
    refreshError: refreshState.error,
  };
}
