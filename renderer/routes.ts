// Pages live in the URL's hash (#/keys): the gateway serves one page at `/`, and paths such as
// /models or /embeddings already belong to the client-facing API.
import { useEffect, useState } from 'react';

export const PAGES = [
  { path: 'overview', title: 'Overview' },
  { path: 'keys', title: 'Accounts & keys' },
  { path: 'usage', title: 'Usage' },
  { path: 'clients', title: 'Clients' },
  { path: 'files', title: 'Files' },
  { path: 'settings', title: 'Settings' },
  { path: 'backup', title: 'Backup' },
  { path: 'alerts', title: 'Alerts' },
] as const;

export type PagePath = (typeof PAGES)[number]['path'];

function current(): PagePath {
  const path = window.location.hash.replace(/^#\/?/, '').split('/')[0];
  return PAGES.find((page) => page.path === path)?.path ?? 'overview';
}

export function pageTitle(path: PagePath): string {
  return PAGES.find((page) => page.path === path)!.title;
}

/** The page in the address, followed as it changes; the window's title names it. */
export function usePage(): PagePath {
  const [page, setPage] = useState<PagePath>(current);
  useEffect(() => {
    const onChange = () => setPage(current());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  useEffect(() => {
    document.title = `${pageTitle(page)} · gemgate`;
  }, [page]);
  return page;
}
