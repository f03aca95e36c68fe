/**
 * The message catalogue of everything the public reads: disclosure pages, feeds, e-mails. English
 * first; a translation is another object with the same keys (the type makes a missing key a
 * compile error). Placeholders are written {name}.
 */
export const en = {
  lang: 'en',
  'org.title': '{org}: incidents',
  'org.intro': 'What happened, what we are doing about it, and every promise we made, with its outcome.',
  'org.none': 'Nothing has been published yet.',
  'org.feed': 'Atom feed of all updates',
  'incident.skip': 'Skip to the content',
  'incident.updated': 'Updated {date}',
  'incident.severity': 'Severity {n} of 5',
  'incident.stage': 'Stage: {stage}',
  'incident.audiencePage': 'For {audience}',
  'incident.summary': 'Summary',
  'incident.whatHappened': 'What happened',
  'incident.occurred': 'Occurred',
  'incident.detected': 'Detected',
  'incident.disclosed': 'First disclosed',
  'incident.disclosedBy': 'First disclosed by',
  'incident.why': 'Why it happened',
  'incident.whyNone': 'The investigation of the causes is still under way.',
  'incident.systemic': 'Systemic cause',
  'incident.individual': 'Individual cause',
  'incident.independent': 'Reviewed independently',
  'incident.doing': 'What we are doing',
  'incident.doingNone': 'No actions published yet.',
  'incident.due': 'Due {date}',
  'incident.doneOn': 'Done {date}',
  'incident.verifiedOn': 'Verified {date}',
  'incident.overdue': 'Overdue',
  'incident.verification': 'How we checked it worked: {metric} — target {target}, result {result}',
  'incident.promises': 'Our commitments',
  'incident.promisesIntro':
    'Every promise we made, and whether we kept it. Broken promises stay on this page.',
  'incident.promisesNone': 'No commitments published yet.',
  'incident.sayDo': 'Kept on time: {kept} of {due} due ({ratio})',
  'incident.promiseDue': 'Promised for {date}',
  'incident.promiseMoved': 'Moved from {from} to {to}: {explanation}',
  'incident.keptOn': 'Kept {date}',
  'incident.nextUpdate': 'Next update promised by {date}.',
  'incident.nextUpdateLate': 'We promised the next update by {date}. It is late.',
  'incident.updates': 'Updates',
  'incident.updatesNone': 'No updates yet.',
  'incident.byline': 'By {byline}',
  'incident.approvedBy': 'Approved by {names}',
  'incident.publishedOn': 'Published {date}',
  'incident.editedMark': 'Updated — version {n}',
  'incident.history': 'Earlier versions ({n})',
  'incident.versionOf': 'Version {n}, published {date}',
  'incident.changes': 'Changes from version {from}',
  'incident.retracted': 'Retracted {date}: {reason}',
  'incident.retractedText': 'The retracted text',
  'incident.leadership': 'Leadership',
  'incident.leadershipNone': 'Nothing recorded yet.',
  'incident.subscribe': 'Get updates by e-mail',
  'incident.subscribeHelp': 'We send a confirmation first. Every message has a one-click unsubscribe link.',
  'incident.email': 'E-mail address',
  'incident.subscribeButton': 'Subscribe',
  'incident.feed': 'Atom feed of these updates',
  'incident.json': 'This page as JSON',
  'feedback.title': 'Tell us what you think',
  'feedback.help':
    'We read every message. We use what you write to decide what to fix, and we report back here on what we did.',
  'feedback.text': 'Your message',
  'feedback.email': 'E-mail address (optional)',
  'feedback.consent': 'You may contact me about this message',
  'feedback.send': 'Send',
  'feedback.thanks': 'Thank you. We have your message; what we do about it will show on the incident page.',
  'feedback.empty': 'Write a message of up to 5,000 characters.',
  'subscribe.sent': 'Check your inbox: we sent a link to confirm your subscription.',
  'subscribe.confirmed': 'You are subscribed. We will e-mail you when we publish an update.',
  'subscribe.unsubscribed': 'You are unsubscribed. You will not receive further messages.',
  'subscribe.unsubscribeTitle': 'Unsubscribe',
  'subscribe.unsubscribeButton': 'Unsubscribe',
  'subscribe.back': 'Back to the incident page',
  'error.notFound': 'Not found',
  'error.notFoundText': 'There is no such page, or it is not public.',
  'error.tooMany': 'Too many requests; please wait a moment and try again.',
  'error.badEmail': 'Enter an e-mail address such as name@example.com.',
  'status.open': 'Open',
  'status.renegotiated': 'Renegotiated',
  'status.kept_on_time': 'Kept on time',
  'status.kept_late': 'Kept late',
  'status.broken': 'Broken',
  'status.withdrawn': 'Withdrawn',
  'status.planned': 'Planned',
  'status.in_progress': 'In progress',
  'status.done': 'Done',
  'status.verified': 'Verified',
  'status.dropped': 'Dropped',
  'stage.respond': 'Responding',
  'stage.diagnose': 'Investigating causes',
  'stage.reform': 'Making changes',
  'stage.evaluate': 'Checking the changes work',
  'stage.closed': 'Closed',
  'leadership.town_hall': 'Town hall',
  'leadership.customer_call': 'Customer call',
  'leadership.site_visit': 'Site visit',
  'leadership.media': 'Media',
  'leadership.internal_memo': 'Internal memo',
  'leadership.public_statement': 'Public statement',
  'email.footer': 'You receive this because you subscribed to updates from {org}.',
  'email.unsubscribe': 'Unsubscribe: {url}',
  'email.readOnline': 'Read it online: {url}',
  'email.confirmSubject': 'Confirm your subscription to updates from {org}',
  'email.confirmBody':
    'Someone (hopefully you) asked to receive updates from {org} at this address.\n\nConfirm: {url}\n\nIf it was not you, ignore this message; nothing will be sent.',
  'email.retractedSubject': 'Retracted: {title}',
  'email.retractedBody': '{org} retracted the update “{title}”. Reason: {reason}',
  'loop.subject': '{org}: you told us, and here is what we did',
  'loop.body':
    'You wrote to us about “{incident}”. Here is what we did about it:\n\n{action} — {status}{when}.{verification}\n\nThe whole record: {url}',
  'loop.footer': 'You receive this one message because you agreed to be contacted about your feedback.',
  'loop.title': 'You said, we did',
  'loop.intro': 'What people told us, and what we did about it.',
  'feed.title': '{org}: {incident}',
  'feed.orgTitle': '{org}: incident updates',
  'caseAlert.subject.ack_breach': '{org}: case {ref} was not acknowledged in time',
  'caseAlert.subject.resolve_breach': '{org}: case {ref} is past its resolve target',
  'caseAlert.body.ack_breach':
    'Case {ref} “{title}” ({severity}) was due to be acknowledged by {due}. It is still {status}.',
  'caseAlert.body.resolve_breach':
    'Case {ref} “{title}” ({severity}) was due to be resolved by {due}. It is still {status}.',
  'caseAlert.assigned': 'You receive this because the case is assigned to you.',
  'caseAlert.unassigned': 'Nobody is assigned to it: you receive this as an owner of {org}.',
  'caseAlert.open': 'Open the case: {url}',
} as const;

export type MessageKey = keyof typeof en;
export type Catalogue = Record<MessageKey, string>;

const CATALOGUES: Record<string, Catalogue> = { en };

/** The catalogue for a locale, English when there is none. */
export function messages(locale = 'en'): Catalogue {
  return CATALOGUES[locale] ?? en;
}

/** Fills a message's {placeholders}. */
export function t(
  catalogue: Catalogue,
  key: MessageKey,
  params: Record<string, string | number> = {},
): string {
  return catalogue[key].replace(/\{(\w+)\}/g, (m, name: string) =>
    name in params ? String(params[name]) : m,
  );
}
