import useAsync from 'react-use/esm/useAsync';
import { Text } from '@backstage/ui';
import {
  MarkdownContent,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  EntityFileContent,
  EntityFileRef,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { releaseReadinessApiRef } from '../../api';
import { releaseReadinessTranslationRef } from '../../translation';

const pre: React.CSSProperties = {
  margin: 0,
  padding: 12,
  overflowX: 'auto',
  whiteSpace: 'pre-wrap',
  overflowWrap: 'anywhere',
  background: 'var(--bui-bg-surface-2, #f5f5f5)',
  borderRadius: 4,
  fontSize: '0.85rem',
};

/** Links in rendered Markdown: web, mail and in-page anchors only (never `file:`). */
function safeLink(href: string): string {
  return /^(https?:|mailto:|#)/i.test(href) ? href : '';
}

/** YAML front matter (`---` … `---`) split from the Markdown after it. */
function frontMatter(text: string): { yaml?: string; body: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  return match
    ? { yaml: match[1], body: text.slice(match[0].length) }
    : { body: text };
}

/** JSON pretty-printed with two spaces; undefined when it does not parse. */
function prettyJson(text: string): string | undefined {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return undefined;
  }
}

/**
 * One file's content as it reads best: Markdown rendered (front matter shown
 * as YAML above it), JSON pretty-printed, everything else as text.
 *
 * @internal
 */
export function FileBody({ file }: { file: EntityFileContent }) {
  const { t } = useTranslationRef(releaseReadinessTranslationRef);
  if (file.mediaType === 'text/markdown') {
    const { yaml, body } = frontMatter(file.content);
    return (
      <div style={{ overflowWrap: 'anywhere' }}>
        {yaml && <pre style={pre}>{yaml}</pre>}
        <MarkdownContent
          content={body}
          dialect="gfm"
          linkTarget="_blank"
          transformLinkUri={safeLink}
        />
      </div>
    );
  }
  if (file.mediaType === 'application/json') {
    const pretty = prettyJson(file.content);
    return (
      <>
        {pretty === undefined && (
          <Text as="p" variant="body-small" color="secondary">
            {t('files.notValidJson')}
          </Text>
        )}
        <pre style={pre}>{pretty ?? file.content}</pre>
      </>
    );
  }
  return <pre style={pre}>{file.content}</pre>;
}

/** Props of {@link FileContent}. @public */
export interface FileContentProps {
  entityRef: CompoundEntityRef;
  file: EntityFileRef;
  /** Changes when the entity is evaluated again, to read the file again. */
  evaluatedAt?: string;
}

/**
 * Loads one of the entity's files through the backend's permission-checked
 * content route and shows it; a file not in the repository yet says so.
 *
 * @public
 */
export function FileContent({
  entityRef,
  file,
  evaluatedAt,
}: FileContentProps) {
  const { t } = useTranslationRef(releaseReadinessTranslationRef);
  const api = useApi(releaseReadinessApiRef);
  const { kind, namespace, name } = entityRef;
  const state = useAsync(
    () => api.getEntityFile({ kind, namespace, name }, file),
    [api, kind, namespace, name, file, evaluatedAt],
  );
  if (state.loading) return <Progress />;
  if (state.error) {
    if (
      state.error instanceof ResponseError &&
      state.error.statusCode === 404
    ) {
      return (
        <Text as="p" variant="body-small" color="secondary">
          {t('files.missing')}
        </Text>
      );
    }
    return <ResponseErrorPanel error={state.error} />;
  }
  return state.value ? <FileBody file={state.value} /> : null;
}
