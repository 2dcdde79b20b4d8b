// Messages about links, loads and exports, shown by <NoticeBanner/> (alert for errors, status otherwise).
import { create } from 'zustand';

export interface Notice {
  kind: 'error' | 'info';
  text: string;
}

export const useNotice = create<{ notice: Notice | null }>()(() => ({ notice: null }));

export const notify = (notice: Notice | null) => useNotice.setState({ notice });
