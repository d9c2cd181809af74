import { HttpAuthService } from '@backstage/backend-plugin-api';
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import express, { Request } from 'express';
import { ReadinessService } from './service/ReadinessService';
import { ContentService, FileTooLargeError } from './service/content';
import { parseComplianceFilter, parseComplianceQuery } from './service/query';
import { csvDocument } from './service/csv';
import { loadOpenApiSpec } from './schema/spec';
import { GATE_ID_LIST, isReleaseGateId } from './service/gateCheck';

/**
 * What the routes need from the service; {@link ReadinessService} is the real
 * one, tests hand in a fake.
 */
export type ReadinessRoutesService = Pick<
  ReadinessService,
  | 'getEntity'
  | 'refresh'
  | 'gate'
  | 'history'
  | 'list'
  | 'summary'
  | 'exportRows'
>;

export interface RouterOptions {
  service: ReadinessRoutesService;
  httpAuth: HttpAuthService;
  /** Serves the document, the form and evidence files; the route is absent without it. */
  content?: ContentService;
}

const KIND = /^[A-Za-z][A-Za-z0-9]*$/;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The entity ref of the path; InputError naming the bad part. */
function entityRefOf(req: Request): CompoundEntityRef {
  const { kind, namespace, name } = req.params;
  if (!KIND.test(kind))
    throw new InputError(`Invalid entity ref: bad kind "${kind}"`);
  if (!NAME.test(namespace))
    throw new InputError(`Invalid entity ref: bad namespace "${namespace}"`);
  if (!NAME.test(name))
    throw new InputError(`Invalid entity ref: bad name "${name}"`);
  return { kind, namespace, name };
}

/** The REST API; requests are checked against src/schema/openapi.yaml first. */
export async function createRouter({
  service,
  httpAuth,
  content,
}: RouterOptions): Promise<express.Router> {
  const router: express.Router =
    createValidatedOpenApiRouter(loadOpenApiSpec());
  const credentials = (req: Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  router.get('/entities/:kind/:namespace/:name', async (req, res) => {
    res.json(await service.getEntity(entityRefOf(req), await credentials(req)));
  });

  router.post('/entities/:kind/:namespace/:name/refresh', async (req, res) => {
    res.json(await service.refresh(entityRefOf(req), await credentials(req)));
  });

  router.get('/entities/:kind/:namespace/:name/history', async (req, res) => {
    res.json(await service.history(entityRefOf(req), await credentials(req)));
  });

  router.get('/gates/:kind/:namespace/:name', async (req, res) => {
    const required = req.query.require;
    if (!isReleaseGateId(required))
      throw new InputError(`require must be one of ${GATE_ID_LIST}`);
    res.json(
      await service.gate(entityRefOf(req), required, await credentials(req)),
    );
  });

  if (content) {
    router.get('/entities/:kind/:namespace/:name/content', async (req, res) => {
      const file = req.query.file;
      if (typeof file !== 'string')
        throw new InputError('file must be given once');
      try {
        res.json(
          await content.read(entityRefOf(req), file, await credentials(req)),
        );
      } catch (error) {
        if (!(error instanceof FileTooLargeError)) throw error;
        // Backstage's error middleware has no 413; same body shape as its errors.
        res.status(413).json({
          error: { name: error.name, message: error.message },
          request: { method: req.method, url: req.originalUrl },
          response: { statusCode: 413 },
        });
      }
    });
  }

  router.get('/compliance', async (req, res) => {
    const creds = await credentials(req);
    res.json(await service.list(parseComplianceQuery(req.query), creds));
  });

  router.get('/compliance/summary', async (req, res) => {
    const creds = await credentials(req);
    res.json(await service.summary(parseComplianceFilter(req.query), creds));
  });

  router.get('/compliance/export.csv', async (req, res) => {
    const creds = await credentials(req);
    const { filter, sort } = parseComplianceQuery(req.query);
    // Whole or an error: every row is read before the status line goes out,
    // so a failure reaches the browser as an error status, not a short file.
    const body = Buffer.from(
      csvDocument(await service.exportRows(filter, sort, creds)),
      'utf8',
    );
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Length', String(body.length));
    res.setHeader(
      'Content-Disposition',
      'attachment; filename="release-readiness-compliance.csv"',
    );
    res.end(body);
  });

  return router;
}
