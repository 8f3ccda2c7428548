import type { ReactNode } from 'react';
import type { Metadata, Viewport } from 'next';
import localFont from 'next/font/local';
import { cookies } from 'next/headers';
import { TooltipProvider } from '@/components/ui/tooltip';
import { cn } from '@/lib/cn';
import { parseTheme, THEME_COOKIE } from '@/lib/theme';
import './globals.css';

// Inter (SIL OFL 1.1, src/fonts/OFL.txt), vendored from @fontsource-variable/inter: served
// from this origin, never fetched from a font CDN.
const inter = localFont({
  src: '../fonts/inter-latin-wght-normal.woff2',
  variable: '--font-inter',
  weight: '100 900',
  display: 'swap',
});

export const metadata: Metadata = {
  title: { default: 'CBC Analytics', template: '%s · CBC Analytics' },
  description: 'Privacy-first analytics for the Coral Beach Club concierge agent',
  robots: { index: false, follow: false },
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <html lang="en" className={cn(inter.variable, theme !== 'system' && theme)} suppressHydrationWarning>
      <body className="min-h-screen font-sans">
        <TooltipProvider delayDuration={200}>{children}</TooltipProvider>
      </body>
    </html>
  );
}
