'use client';

import { Printer } from 'lucide-react';
import { Button } from '@/components/ui/button';

export function PrintButton() {
  return (
    <Button variant="outline" onClick={() => window.print()} data-print="hide" data-testid="print-receipt">
      <Printer aria-hidden /> Print
    </Button>
  );
}
