import path from 'node:path';
import type { NativeImage, Tray } from 'electron';
import type { ElectronMain } from './electronApi.js';
import type { GatewayPhase } from './gatewayController.js';
import {
  trayIconState,
  trayMenuTemplate,
  trayTooltip,
  type TrayActions,
  type TrayIconState,
  type TrayView,
} from './trayMenu.js';

/**
 * The tray icon file for a state. macOS gets black-on-transparent template images (the name ends
 * in `Template`, so the menu bar recolours them for light and dark); other systems get coloured
 * ones, since their panels do not recolour. Each file has an `@2x` sibling that nativeImage
 * picks up on high-DPI screens.
 */
export function trayIconFile(state: TrayIconState, platform: NodeJS.Platform): string {
  return platform === 'darwin' ? `${state}Template.png` : `tray-${state}.png`;
}

export interface TrayPresenterOptions {
  electron: Pick<ElectronMain, 'Tray' | 'Menu' | 'nativeImage'>;
  /** The folder holding the tray icon files (dist/electron/tray in the app). */
  iconDir: string;
  platform: NodeJS.Platform;
  actions: TrayActions;
  /**
   * Status changes arrive with every request; while the gateway stays in one phase the native
   * menu is rebuilt at most this often, with the latest state at the end of a burst.
   */
  minIntervalMs?: number;
}

/** Shows one tray icon and keeps its image, tooltip and menu in step with the view it is given. */
export class TrayPresenter {
  private readonly tray: Tray;
  private readonly icons = new Map<TrayIconState, NativeImage>();
  private readonly minIntervalMs: number;
  private pending: TrayView | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lastRenderAt = Number.NEGATIVE_INFINITY;
  private lastSignature = '';
  private lastPhase: GatewayPhase | null = null;

  constructor(
    private readonly options: TrayPresenterOptions,
    initial: TrayView,
  ) {
    this.minIntervalMs = options.minIntervalMs ?? 1000;
    this.tray = new options.electron.Tray(this.icon(trayIconState(initial.gateway)));
    // Windows users expect a left click on a tray icon to open the app; macOS and Linux open
    // the context menu on click by themselves (and Linux trays often send no click at all).
    if (options.platform === 'win32') this.tray.on('click', () => options.actions.openDashboard());
    this.render(initial);
  }

  update(view: TrayView): void {
    this.pending = view;
    // Turning on or off, or a failed start, is news the user is waiting for: show it at once.
    // Only the steady stream of status changes is held back.
    const wait =
      view.gateway.phase !== this.lastPhase ? 0 : this.lastRenderAt + this.minIntervalMs - Date.now();
    if (wait <= 0) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      this.flush();
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, wait);
  }

  destroy(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
    this.tray.destroy();
  }

  private flush(): void {
    const view = this.pending;
    this.pending = null;
    if (view) this.render(view);
  }

  private render(view: TrayView): void {
    this.lastRenderAt = Date.now();
    this.lastPhase = view.gateway.phase;
    const template = trayMenuTemplate(view, this.options.actions);
    const state = trayIconState(view.gateway);
    const tooltip = trayTooltip(view.gateway);
    // Menu and image are native objects: skip the rebuild when nothing the user sees has changed
    // (most status updates only touch fields the menu does not show, or show the same numbers).
    const signature = JSON.stringify({ template, state, tooltip });
    if (signature === this.lastSignature) return;
    this.lastSignature = signature;
    this.tray.setImage(this.icon(state));
    this.tray.setToolTip(tooltip);
    this.tray.setContextMenu(this.options.electron.Menu.buildFromTemplate(template));
  }

  private icon(state: TrayIconState): NativeImage {
    let image = this.icons.get(state);
    if (!image) {
      const { nativeImage } = this.options.electron;
      image = nativeImage.createFromPath(
        path.join(this.options.iconDir, trayIconFile(state, this.options.platform)),
      );
      if (this.options.platform === 'darwin') image.setTemplateImage(true);
      this.icons.set(state, image);
    }
    return image;
  }
}
