import { Fragment } from 'react';

/** Props of {@link PathText}. @public */
export interface PathTextProps {
  /** A repository path such as `.artifacts/deployment/release-approvals.json`. */
  path: string;
}

/**
 * A file path in code style that wraps after each `/` (never in the middle of
 * a name) when the line is too narrow.
 *
 * @public
 */
export function PathText({ path }: PathTextProps) {
  const parts = path.split('/');
  return (
    <code
      style={{
        whiteSpace: 'normal',
        overflowWrap: 'normal',
        wordBreak: 'normal',
      }}
    >
      {parts.map((part, index) => (
        <Fragment key={index}>
          {part}
          {index < parts.length - 1 && (
            <>
              /<wbr />
            </>
          )}
        </Fragment>
      ))}
    </code>
  );
}
