import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../container.ts';
import type { AppError } from '../domain/errors.ts';
import { isAppError } from '../domain/errors.ts';
import type { Answer, RawAnswers } from '../domain/survey.ts';
import type { SurveyForm } from '../services/survey.service.ts';
import { messages, t } from '../shared/i18n.ts';
import { SurveyAnswersBodySchema } from './api/survey.schemas.ts';
import type { FormValues } from './pages/survey.tsx';
import { SURVEY_CSP, surveyFormPage, surveyMessagePage, surveyThanksPage } from './pages/survey.tsx';
import { PROBLEM_TYPES, problemType } from './plugins/errors.ts';

type TokenRequest = FastifyRequest<{ Params: { token: string } }>;

/** The answers on file as form values. */
function valuesOf(answers: Answer[]): FormValues {
  const out: FormValues = {};
  for (const a of answers) {
    const v = a.text ?? (a.choice !== '' ? a.choice : String(a.value));
    const prev = out[a.questionId];
    out[a.questionId] = prev === undefined ? v : [...(Array.isArray(prev) ? prev : [prev]), v];
  }
  return out;
}

/** API clients (JSON) get problem documents; browsers get pages. */
function wantsJson(req: FastifyRequest): boolean {
  const type = req.headers['content-type'] ?? '';
  const accept = req.headers.accept ?? '';
  return (
    type.startsWith('application/json') ||
    (accept.includes('application/json') && !accept.includes('text/html'))
  );
}

/**
 * The public survey pages behind per-recipient links: `GET /s/{token}` shows the form (with the
 * answers on file while they may be changed), `POST /s/{token}` takes a form-encoded or JSON
 * submission. Expired or closed → 410, used and past the edit window → 409, tampered → 404,
 * not a link at all → 400; as pages for browsers and problem documents for API clients.
 */
export async function surveyPageRoutes(app: FastifyInstance, s: Services): Promise<void> {
  const c = messages('en');

  await app.register(async (pub) => {
    await pub.register(formbody);
    // After the app-wide headers: the token is in the URL, so no page here sends a referrer.
    pub.addHook('onSend', async (_req, reply) => {
      reply.header('referrer-policy', 'no-referrer');
    });
    const hide = { schema: { hide: true } };

    const headers = (reply: FastifyReply) =>
      reply
        .header('cache-control', 'private, no-store')
        .header('content-security-policy', SURVEY_CSP)
        .header('x-frame-options', 'DENY');

    const html = (reply: FastifyReply, status: number, body: string) =>
      reply.code(status).type('text/html; charset=utf-8').send(body);

    const refuse = (req: FastifyRequest, reply: FastifyReply, e: AppError) => {
      const status = PROBLEM_TYPES[e.code].status;
      if (wantsJson(req)) {
        return reply
          .code(status)
          .type('application/problem+json')
          .send({
            type: problemType(e.code),
            title: PROBLEM_TYPES[e.code].title,
            status,
            detail: e.message,
            code: e.code,
            instance: '/s/…',
            requestId: req.id,
            ...(e.errors.length > 0 ? { errors: e.errors } : {}),
          });
      }
      const [heading, text] =
        e.code === 'gone'
          ? [t(c, 'survey.goneTitle'), t(c, 'survey.goneText')]
          : e.code === 'conflict' && /not open/.test(e.message)
            ? [t(c, 'survey.notOpenTitle'), t(c, 'survey.notOpenText')]
            : e.code === 'conflict'
              ? [t(c, 'survey.usedTitle'), t(c, 'survey.usedText')]
              : [t(c, 'survey.invalidTitle'), t(c, 'survey.invalidText')];
      return html(reply, status, surveyMessagePage(c, heading, text));
    };

    const action = (token: string) => `/s/${encodeURIComponent(token)}`;
    const formHtml = (
      f: SurveyForm,
      token: string,
      values: FormValues,
      errors: AppError['errors'],
      contact: boolean,
    ) =>
      surveyFormPage(c, {
        orgName: f.org.name,
        title: f.survey.title,
        anonymous: f.survey.anonymous,
        questions: f.questions,
        action: action(token),
        values,
        errors,
        editableUntil: f.editableUntil,
        contact,
      });

    pub.get<{ Params: { token: string } }>('/s/:token', hide, async (req: TokenRequest, reply) => {
      headers(reply);
      let f: SurveyForm;
      try {
        f = await s.surveys.form(req.params.token);
      } catch (e) {
        if (isAppError(e)) return refuse(req, reply, e);
        throw e;
      }
      if (wantsJson(req)) {
        return reply.send({
          title: f.survey.title,
          organization: f.org.name,
          anonymous: f.survey.anonymous,
          questions: f.questions,
          answers: valuesOf(f.answers),
          editableUntil: f.editableUntil,
          expiresAt: f.expiresAt,
        });
      }
      return html(reply, 200, formHtml(f, req.params.token, valuesOf(f.answers), [], f.contactConsent));
    });

    pub.post<{ Params: { token: string } }>(
      '/s/:token',
      { ...hide, bodyLimit: 128 * 1024 },
      async (req: TokenRequest, reply) => {
        headers(reply);
        const token = req.params.token;
        const json = wantsJson(req);
        let raw: RawAnswers;
        let contact: boolean;
        if (json) {
          const body = SurveyAnswersBodySchema.safeParse(req.body);
          if (!body.success) {
            return refuse(req, reply, {
              code: 'validation',
              message: 'send { "answers": { "<question id>": value, … }, "contact"?: boolean }',
              errors: body.error.issues.map((i) => ({
                path: ['body', ...i.path].join('.'),
                message: i.message,
              })),
            } as AppError);
          }
          raw = body.data.answers;
          contact = body.data.contact === true;
        } else {
          const form = (req.body ?? {}) as Record<string, string | string[] | undefined>;
          raw = {};
          for (const [k, v] of Object.entries(form))
            if (k.startsWith('q_') && v !== undefined) raw[k.slice(2)] = v;
          contact = form.contact === 'yes';
        }
        try {
          const result = await s.surveys.submit(token, raw, contact);
          if (json) {
            return reply.code(result.created ? 201 : 200).send({
              created: result.created,
              editableUntil: result.editableUntil,
            });
          }
          return html(
            reply,
            result.created ? 201 : 200,
            surveyThanksPage(c, result.orgName, result.editableUntil, action(token)),
          );
        } catch (e) {
          if (!isAppError(e)) throw e;
          if (e.code === 'validation' && !json && e.errors.some((x) => x.path.startsWith('answers.'))) {
            const f = await s.surveys.form(token);
            const values: FormValues = {};
            for (const [k, v] of Object.entries(raw)) values[k] = v as string | string[];
            return html(reply, 400, formHtml(f, token, values, e.errors, contact));
          }
          return refuse(req, reply, e);
        }
      },
    );
  });
}
