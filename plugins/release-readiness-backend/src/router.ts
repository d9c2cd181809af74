import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import { ReadinessService } from './service/ReadinessService';
import { ContentService, FileTooLargeError } from './service/content';
import { parseComplianceFilter, parseComplianceQuery } from './service/query';
import { csvDocument } from './service/csv';
import { createOpenApiRouter } from './schema/openapi';

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

/**
 * The REST API. The router is generated from src/schema/openapi.yaml
 * (`npm run openapi:generate`): every request is checked against the spec
 * before a handler runs (path patterns, required parameters, enums, ranges,
 * lengths; a violation is a 400 InputError naming the parameter), and the
 * handlers' parameter and response types come from the spec. The handlers
 * only do what the spec cannot say: split and normalise filter values, apply
 * defaults, and answer 413 and the whole-or-error CSV export.
 */
export async function createRouter({
  service,
  httpAuth,
  content,
}: RouterOptions): Promise<express.Router> {
  const router = await createOpenApiRouter();
  const credentials = (req: Parameters<HttpAuthService['credentials']>[0]) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  router.get('/entities/:kind/:namespace/:name', async (req, res) => {
    res.json(await service.getEntity(req.params, await credentials(req)));
  });

  router.post('/entities/:kind/:namespace/:name/refresh', async (req, res) => {
    res.json(await service.refresh(req.params, await credentials(req)));
  });

  router.get('/entities/:kind/:namespace/:name/history', async (req, res) => {
    res.json(await service.history(req.params, await credentials(req)));
  });

  router.get('/gates/:kind/:namespace/:name', async (req, res) => {
    res.json(
      await service.gate(req.params, req.query.require, await credentials(req)),
    );
  });

  if (content) {
    router.get('/entities/:kind/:namespace/:name/content', async (req, res) => {
      try {
        res.json(
          await content.read(
            req.params,
            req.query.file,
            await credentials(req),
          ),
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
