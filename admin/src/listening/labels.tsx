import { Badge } from '../components/badges.tsx';

/** How the console names what analysis found in an item: sentiment and language. */

const SENTIMENT_TONE = {
  negative: 'bad',
  mixed: 'warn',
  neutral: 'neutral',
  positive: 'good',
} as const;

/** A sentiment in words (colour only repeats them); "Not analysed yet" before the worker has run. */
export function SentimentBadge({ sentiment }: { sentiment: string | null }) {
  if (!sentiment) return <span className="muted small">Not analysed yet</span>;
  const tone = SENTIMENT_TONE[sentiment as keyof typeof SENTIMENT_TONE] ?? 'neutral';
  return <Badge tone={tone}>{sentiment.charAt(0).toUpperCase() + sentiment.slice(1)}</Badge>;
}

const names = new Intl.DisplayNames(['en'], { type: 'language' });

/** "French" for `fr`; the code itself when the browser does not know it. */
export function languageName(code: string): string {
  try {
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}

/** English plainly; any other language marked, so a reader knows to read it differently or translate it. */
export function LanguageMark({ language }: { language: string | null }) {
  if (!language) return <span className="muted small">Unknown</span>;
  if (language === 'en') return <span className="muted">English</span>;
  return (
    <Badge tone="info">
      {languageName(language)}
      <span className="visually-hidden"> (not English)</span>
    </Badge>
  );
}
