import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  Accordion,
  AccordionPanel,
  AccordionTrigger,
  Card,
  CardBody,
  CardHeader,
  Flex,
  Text,
} from '@backstage/ui';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  EntityFileRef,
  EntityReadinessResponse,
} from '@release-readiness/backstage-plugin-release-readiness-common';
import { releaseReadinessTranslationRef } from '../../translation';
import { FILE_QUERY_PARAM, FILE_VIEWER_ID } from '../../links';
import { FileLink, PathText } from '../Evidence';
import { FileContent } from './FileContent';

/** The files the viewer offers: the document, the form, then each evidence file once, in gate order. */
export function protocolFiles(value: EntityReadinessResponse): EntityFileRef[] {
  const evidence = new Set<string>();
  for (const gate of value.readiness?.gates ?? []) {
    for (const c of gate.criteria) evidence.add(c.file);
  }
  return ['document', 'form', ...evidence];
}

const domId = (file: EntityFileRef) =>
  `file-${file.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/** Props of {@link FilesSection}. @public */
export interface FilesSectionProps {
  entityRef: CompoundEntityRef;
  value: EntityReadinessResponse;
}

/**
 * The protocol document (rendered Markdown), its form and every evidence file
 * the gates read, each opened in place: JSON pretty-printed, Markdown
 * rendered. `?file=…` in the URL opens that file and scrolls to it, so links
 * on the card land here. Files in a repository on the web also link to the
 * SCM's web view.
 *
 * @public
 */
export function FilesSection({ entityRef, value }: FilesSectionProps) {
  const { t } = useTranslationRef(releaseReadinessTranslationRef);
  const [params] = useSearchParams();
  const selected = params.get(FILE_QUERY_PARAM) ?? undefined;
  const [open, setOpen] = useState<Set<string>>(
    () => new Set(selected ? [selected] : []),
  );
  const files = protocolFiles(value);

  useEffect(() => {
    if (!selected) return;
    setOpen(previous => new Set(previous).add(selected));
    document
      .getElementById(domId(selected))
      ?.scrollIntoView?.({ block: 'start' });
  }, [selected]);

  const label = (file: EntityFileRef) => {
    if (file === 'document') return t('files.document');
    if (file === 'form') return t('files.form');
    return <PathText path={file} />;
  };
  const baseUrl = (file: EntityFileRef) =>
    file === 'document' ? value.documentUrl : value.evidenceBaseUrl;
  const onWeb = (file: EntityFileRef) =>
    file !== 'form' && /^https?:/i.test(baseUrl(file) ?? '');

  return (
    <Card id={FILE_VIEWER_ID}>
      <CardHeader>
        <Text as="h3" variant="title-x-small" style={{ margin: 0 }}>
          {t('files.title')}
        </Text>
      </CardHeader>
      <CardBody>
        {files.map(file => (
          <div key={file} id={domId(file)} data-file-panel={file}>
            <Accordion
              isExpanded={open.has(file)}
              onExpandedChange={expanded =>
                setOpen(previous => {
                  const next = new Set(previous);
                  if (expanded) next.add(file);
                  else next.delete(file);
                  return next;
                })
              }
            >
              <AccordionTrigger level={4}>
                <span style={{ overflowWrap: 'normal' }}>{label(file)}</span>
              </AccordionTrigger>
              <AccordionPanel>
                {open.has(file) && (
                  <Flex direction="column" gap="2">
                    {onWeb(file) && (
                      <Text as="p" variant="body-small">
                        <FileLink
                          entityRef={entityRef}
                          file={file}
                          baseUrl={baseUrl(file)}
                        >
                          {t('files.openInRepository')}
                        </FileLink>
                      </Text>
                    )}
                    <FileContent
                      entityRef={entityRef}
                      file={file}
                      evaluatedAt={value.evaluatedAt}
                    />
                  </Flex>
                )}
              </AccordionPanel>
            </Accordion>
          </div>
        ))}
      </CardBody>
    </Card>
  );
}
