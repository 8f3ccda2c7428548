import { clsx, type ClassValue } from 'clsx';
import { twMerge } from 'tailwind-merge';

/** The one class-name helper: conditional classes, later Tailwind utilities win. */
export function cn(...inputs: ClassValue[]): string {
  return twMerge(clsx(inputs));
}
