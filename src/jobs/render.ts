import type { DeliveryMessage } from '../services/delivery.service.ts';
import type { MessageKey } from '../shared/i18n.ts';
import { messages, t } from '../shared/i18n.ts';
import { markdownToText, renderMarkdown } from '../shared/markdown.ts';

/** Links the public pages offer, built from the instance's public URL. */
export function publicLinks(publicUrl: string, org: string, incident: string | null) {
  const base = `${publicUrl}/${encodeURIComponent(org)}`;
  return {
    org: base,
    incident: incident ? `${base}/incidents/${encodeURIComponent(incident)}` : base,
    confirm: (subscriptionId: string, token: string) =>
      `${base}/subscriptions/${subscriptionId}/confirm?token=${encodeURIComponent(token)}`,
    unsubscribe: (subscriptionId: string, token: string) =>
      `${base}/subscriptions/${subscriptionId}/unsubscribe?token=${encodeURIComponent(token)}`,
  };
}

export interface Email {
  subject: string;
  text: string;
  html: string;
  /** RFC 8058 one-click unsubscribe, absent for the confirmation message itself. */
  unsubscribeUrl: string | null;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string, footer: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body style="font-family:system-ui,sans-serif;line-height:1.5;max-width:40rem;margin:auto;color:#111">${body}<hr><p style="color:#444;font-size:0.9em">${footer}</p></body></html>`;
}

/** The e-mail for a delivery: a published version, a retraction notice, or the opt-in confirmation. */
export function renderEmail(m: DeliveryMessage, publicUrl: string): Email {
  const c = messages('en');
  const links = publicLinks(publicUrl, m.org.slug, m.incident?.slug ?? null);
  if (m.kind === 'confirmation') {
    const url = links.confirm(m.subscription.id, m.confirmToken);
    const text = t(c, 'email.confirmBody', { org: m.org.name, url });
    return {
      subject: t(c, 'email.confirmSubject', { org: m.org.name }),
      text,
      html: page(
        m.org.name,
        `<p>${escapeHtml(text)
          .replace(/\n/g, '<br>')
          .replace(escapeHtml(url), `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`)}</p>`,
        '',
      ),
      unsubscribeUrl: null,
    };
  }
  if (m.kind === 'loop') {
    const a = m.action;
    const when = a.verifiedAt ?? a.doneAt;
    const text = t(c, 'loop.body', {
      incident: m.incident.title,
      action: a.title,
      status: t(c, `status.${a.status}` as MessageKey),
      when: when ? ` (${when.slice(0, 10)})` : '',
      verification: a.verification
        ? ` ${a.verification.metric}: ${a.verification.result} (target ${a.verification.target}).`
        : '',
      url: links.incident,
    });
    const footer = t(c, 'loop.footer');
    return {
      subject: t(c, 'loop.subject', { org: m.org.name }),
      text: `${text}\n\n${footer}\n`,
      html: page(t(c, 'loop.title'), `<p>${escapeHtml(text).replace(/\n/g, '<br>')}</p>`, escapeHtml(footer)),
      unsubscribeUrl: null,
    };
  }
  if (m.kind === 'survey') return renderSurveyEmail(m, publicUrl);
  if (m.kind === 'case_alert') {
    const k = m.alert.kind;
    const ref = `#${m.case.number}`;
    const url = `${publicUrl}/admin/cases/${encodeURIComponent(m.case.id)}`;
    const body = t(c, `caseAlert.body.${k}`, {
      ref,
      title: m.case.title,
      severity: m.case.severity,
      due: m.alert.dueAt.replace('T', ' ').slice(0, 16) + ' UTC',
      status: m.case.status.replace('_', ' '),
    });
    const why = m.assigned ? t(c, 'caseAlert.assigned') : t(c, 'caseAlert.unassigned', { org: m.org.name });
    const open = t(c, 'caseAlert.open', { url });
    return {
      subject: t(c, `caseAlert.subject.${k}`, { org: m.org.name, ref }),
      text: `${body}\n\n${open}\n\n${why}\n`,
      html: page(
        `${m.org.name} ${ref}`,
        `<p>${escapeHtml(body)}</p><p><a href="${escapeHtml(url)}">${escapeHtml(open)}</a></p>`,
        escapeHtml(why),
      ),
      unsubscribeUrl: null,
    };
  }
  if (m.kind === 'metric_alert') return renderMetricAlertEmail(m, publicUrl);
  const unsubscribeUrl = links.unsubscribe(m.subscription.id, m.unsubscribeToken);
  const footer = [
    t(c, 'email.footer', { org: m.org.name }),
    t(c, 'email.readOnline', { url: links.incident }),
    t(c, 'email.unsubscribe', { url: unsubscribeUrl }),
  ];
  const htmlFooter = [
    escapeHtml(footer[0]!),
    `<a href="${escapeHtml(links.incident)}">${escapeHtml(links.incident)}</a>`,
    `<a href="${escapeHtml(unsubscribeUrl)}">${escapeHtml(t(c, 'subscribe.unsubscribeButton'))}</a>`,
  ].join('<br>');
  if (m.kind === 'retraction') {
    const text = t(c, 'email.retractedBody', {
      org: m.org.name,
      title: m.version.title,
      reason: m.statement.retractionReason ?? '',
    });
    return {
      subject: t(c, 'email.retractedSubject', { title: m.version.title }),
      text: `${text}\n\n${footer.join('\n')}\n`,
      html: page(m.version.title, `<p>${escapeHtml(text)}</p>`, htmlFooter),
      unsubscribeUrl,
    };
  }
  const byline = m.version.byline ? `\n\n— ${m.version.byline}` : '';
  return {
    subject: `${m.org.name}: ${m.version.title}`,
    text: `${m.version.title}\n\n${markdownToText(m.version.body)}${byline}\n\n${footer.join('\n')}\n`,
    html: page(
      m.version.title,
      `<h1>${escapeHtml(m.version.title)}</h1>${renderMarkdown(m.version.body)}${m.version.byline ? `<p>— ${escapeHtml(m.version.byline)}</p>` : ''}`,
      htmlFooter,
    ),
    unsubscribeUrl,
  };
}

/** The link of a survey token on the public site. */
export function surveyUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/s/${token}`;
}

/** A survey invitation or reminder: the personal link, until when it works, and the anonymity promise. */
function renderSurveyEmail(m: Extract<DeliveryMessage, { kind: 'survey' }>, publicUrl: string): Email {
  const c = messages('en');
  const url = surveyUrl(publicUrl, m.token);
  const params = {
    org: m.org.name,
    title: m.survey.title,
    url,
    expires: `${m.expiresAt.slice(0, 16).replace('T', ' ')} UTC`,
  };
  const body = t(c, m.reminder ? 'survey.reminderBody' : 'survey.inviteBody', params);
  const text = m.survey.anonymous ? `${body}\n\n${t(c, 'survey.anonymousNote')}` : body;
  const footer = t(c, 'survey.footer', { org: m.org.name });
  return {
    subject: t(c, m.reminder ? 'survey.reminderSubject' : 'survey.inviteSubject', params),
    text: `${text}\n\n${footer}\n`,
    html: page(
      m.survey.title,
      text
        .split('\n\n')
        .map(
          (p) =>
            `<p>${escapeHtml(p).replace(escapeHtml(url), `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`)}</p>`,
        )
        .join(''),
      escapeHtml(footer),
    ),
    unsubscribeUrl: null,
  };
}

/** The JSON body of a webhook for a delivery (statement published or retracted). */
export function renderWebhook(
  m: Extract<DeliveryMessage, { kind: 'statement' | 'retraction' }>,
  deliveryId: string,
  publicUrl: string,
) {
  const links = publicLinks(publicUrl, m.org.slug, m.incident.slug);
  return {
    type: m.kind === 'retraction' ? 'statement.retracted' : 'statement.published',
    id: deliveryId,
    organization: { slug: m.org.slug, name: m.org.name },
    incident: { id: m.incident.id, slug: m.incident.slug, title: m.incident.title, url: links.incident },
    statement: {
      id: m.statement.id,
      kind: m.statement.kind,
      version: m.version.number,
      title: m.version.title,
      body: m.version.body,
      byline: m.version.byline,
      audiences: m.version.audiences,
      publishedAt: m.version.publishedAt,
      contentHash: m.version.contentHash,
      ...(m.kind === 'retraction'
        ? { retractedAt: m.statement.retractedAt, retractionReason: m.statement.retractionReason }
        : {}),
    },
  };
}

/** A metric alert (early warning) to the organization's owners and admins. */
function renderMetricAlertEmail(
  m: Extract<DeliveryMessage, { kind: 'metric_alert' }>,
  publicUrl: string,
): Email {
  const a = m.alert;
  const url = m.incident
    ? `${publicUrl}/admin/incidents/${encodeURIComponent(m.incident.slug)}/dashboard`
    : `${publicUrl}/admin/dashboard`;
  const subject = `${m.org.name}: early warning — ${a.metric} (${a.detector.toUpperCase()}, ${a.period})`;
  const open = `Open the dashboard to acknowledge it: ${url}`;
  const why = `You receive this as an owner or admin of ${m.org.name}.`;
  return {
    subject,
    text: `${a.message}\n\n${open}\n\n${why}\n`,
    html: page(
      subject,
      `<p>${escapeHtml(a.message)}</p><p><a href="${escapeHtml(url)}">${escapeHtml(open)}</a></p>`,
      escapeHtml(why),
    ),
    unsubscribeUrl: null,
  };
}

/** The JSON body of a metric-alert webhook (`metric_alert.raised`). */
export function renderMetricAlertWebhook(
  m: Extract<DeliveryMessage, { kind: 'metric_alert' }>,
  deliveryId: string,
) {
  const { organizationId: _o, ...alert } = m.alert;
  return {
    type: 'metric_alert.raised',
    id: deliveryId,
    organization: { slug: m.org.slug, name: m.org.name },
    incident: m.incident ? { id: m.incident.id, slug: m.incident.slug, title: m.incident.title } : null,
    alert,
  };
}
