export {
  DEFAULT_PROTOCOL12_URL,
  HANDOFF_SECTION_ID,
  protocol12Url,
  protocol11TemplateUrl,
  entityReadinessTabPath,
  evidenceFileUrl,
} from './links';
export {
  protocolFileLink,
  fileViewerPath,
  FILE_QUERY_PARAM,
  FILE_VIEWER_ID,
} from './fileLinks';
export type { FileLink } from './fileLinks';
