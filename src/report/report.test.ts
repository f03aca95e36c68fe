import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, chromiumAvailable } from '../../e2e/helpers.ts';
import { dashboardFixture, reportIncidentFixture } from '../../test/dashboard.ts';
import { renderReportPdf } from './pdf.ts';
import { REPORT_CSP, renderReportHtml, reportSummary } from './report.tsx';

const dashboard = dashboardFixture();
const detail = reportIncidentFixture();

describe('renderReportHtml', () => {
  const html = renderReportHtml(dashboard, detail);

  it('is one self-contained document: no script, no external resource, its style allowed by the CSP hash', () => {
    expect(html.startsWith('<!doctype html><html lang="en">')).toBe(true);
    expect(html).not.toMatch(/<script|<link|src="http/);
    expect(REPORT_CSP).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(html).toContain('@page{size:A4');
    expect(html).toContain('class="page-break"');
  });

  it('holds the key figures: cards with intervals and change, forecasts in words, summary', () => {
    expect(html).toContain('<h1>Board report: Card data exposure</h1>');
    expect(html).toContain('12 (5–19)');
    expect(html).toContain('62% (55–68%)');
    expect(html).toContain('↓ −19 (−27 to −11)');
    expect(html).toContain('not significant');
    expect(html).toContain('p &lt; 0.001, adjusted q &lt; 0.001');
    expect(html).toContain('p = 0.4, adjusted q = 0.4');
    expect(html).toContain(
      'Significance is adjusted for 3 comparisons (Benjamini–Hochberg, false discovery rate 5%)',
    );
    expect(html).toContain('Trust Repair Ratio 30%');
    expect(html).toContain('The respondent mix differs');
    expect(html).toContain('NPS is projected back to its baseline between 3 and 19 March (80%).');
    expect(html).toContain('is not recovering');
    expect(html).toContain('1 of 2 corrective actions are done, 1 overdue.');
    expect(html).toContain('say–do ratio 0%');
  });

  it('lists actions with status, commitments with outcome and realism flags, and alerts', () => {
    expect(html).toContain('Tokenise stored card numbers');
    expect(html).toContain('In progress<span class="worse"> (overdue)</span>');
    expect(html).toContain('Refunds by 1 February');
    expect(html).toMatch(/<td>Broken<\/td>/);
    expect(html).toContain('Optimistic timeline: Only 4% of 25 similar actions');
    expect(html).toContain('Complaint volume rose above its usual level');
    expect(html).toContain('CUSUM on complaints.volume');
  });

  it('draws every series as a chart', () => {
    expect(html.match(/<svg role="img"/g)).toHaveLength(2);
    expect(html).toMatch(/<path class="ts-line" d="M[^"]+"/);
    expect(html).toContain('class="ts-cone"');
  });

  it('escapes user text', () => {
    expect(html).toContain('Train support staff on exports &lt;safely&gt;');
    expect(html).toContain('CSAT &lt;top-2&gt;');
    expect(html).not.toContain('<safely>');
  });

  it('summarises significant changes by direction', () => {
    expect(reportSummary(dashboard, detail)).toContain(
      'Of 3 measures, 2 are significantly worse than before the incident (NPS, CSAT <top-2>) and 0 significantly better, after adjusting for 3 comparisons.',
    );
    const quiet = reportSummary(
      { ...dashboard, cards: [], alerts: [] },
      { ...detail, actions: [], commitments: [] },
    );
    expect(quiet.join(' ')).toBe(
      '0 of 0 corrective actions are done. 0 commitments: 0 kept on time, 0 broken; say–do ratio 0%.',
    );
  });
});

describe.runIf(chromiumAvailable())('renderReportPdf (Chromium)', () => {
  it('prints an A4 PDF whose text holds the key figures', async () => {
    const pdf = await renderReportPdf(renderReportHtml(dashboard, detail), { chromiumPath: CHROMIUM_PATH });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const doc = await getDocumentProxy(new Uint8Array(pdf));
    expect(doc.numPages).toBeGreaterThanOrEqual(3);
    const page = await doc.getPage(1);
    const [, , w, h] = page.view as [number, number, number, number];
    expect([Math.round(w), Math.round(h)]).toEqual([595, 842]);
    const { text } = await extractText(doc, { mergePages: true });
    const flat = text.replace(/\s+/g, ' ');
    for (const figure of [
      'Board report: Card data exposure',
      '12 (5–19)',
      '62% (55–68%)',
      'NPS is projected back to its baseline between 3 and 19 March (80%)',
      'Tokenise stored card numbers',
      'Refunds by 1 February',
      'Complaint volume rose above its usual level',
    ]) {
      expect(flat).toContain(figure);
    }
  }, 60_000);
});

describe('renderReportPdf without Chromium', () => {
  it('says clearly what is missing', async () => {
    await expect(renderReportPdf('<p>x</p>', { chromiumPath: '/nonexistent/chromium' })).rejects.toThrow(
      /No Chromium at \/nonexistent\/chromium: PDF reports need it/,
    );
  });
});
