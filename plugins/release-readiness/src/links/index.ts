export {
  DEFAULT_PROTOCOL12_URL,
  protocol12Url,
  protocol11TemplateUrl,
  entityReadinessTabPath,
  evidenceFileUrl,
} from './links';
