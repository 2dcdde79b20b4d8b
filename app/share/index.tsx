// What the app shell mounts from app/share, app/gallery and app/persist:
//
//   bootstrap()       — in main.tsx, before the first render: opens a shared link (#s1=…) or a
//                       gallery reference (#gallery=name), else restores the autosaved scenario;
//                       starts autosave and undo/redo (Ctrl/Cmd+Z outside the editor).
//   <TopbarMenus/>    — [Gallery ▾] [Scenarios ▾] [↶ ↷] [Import] [Copy link] [Export ▾], the
//                       teaching card and the notice banner.
import { useEffect } from 'react';
import { GalleryMenu } from '../gallery/GalleryMenu';
import { ScenariosMenu, UndoRedoButtons } from '../persist/ScenariosMenu';
import { ShareMenu } from './ShareMenu';
import { bootstrap } from './startup';

export { bootstrap } from './startup';
export { GalleryMenu } from '../gallery/GalleryMenu';
export { ScenariosMenu, UndoRedoButtons } from '../persist/ScenariosMenu';
export { ShareMenu } from './ShareMenu';

export function TopbarMenus() {
  useEffect(() => bootstrap(), []);
  return (
    <div className="topbar-menus" data-slot="menus">
      <GalleryMenu />
      <ScenariosMenu />
      <UndoRedoButtons />
      <ShareMenu />
    </div>
  );
}
