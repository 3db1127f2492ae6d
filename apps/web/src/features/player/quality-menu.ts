/**
 * A "Quality" menu in the control bar: Auto (adaptive, VHS picks) or one rendition by height. Built on
 * video.js's own MenuButton/MenuItem, so it has the same keyboard handling and ARIA (menu, menuitemradio,
 * aria-checked) as the speed and captions menus, and it works in full screen. Only shown when the source
 * has at least two heights (HLS with renditions; never for a plain mp4).
 */
import videojs from 'video.js';
import type MenuButtonType from 'video.js/dist/types/menu/menu-button';
import type MenuItemType from 'video.js/dist/types/menu/menu-item';
import type Player from 'video.js/dist/types/player';
import {
  chooseQuality,
  currentQuality,
  qualityHeights,
  type QualityChoice,
  type QualityLevelList,
} from './quality-levels';

export function qualityLevelsOf(player: Player): QualityLevelList | null {
  const plugin = (player as unknown as { qualityLevels?: () => QualityLevelList }).qualityLevels;
  return typeof plugin === 'function' ? plugin.call(player) : null;
}

export interface QualityMenuOptions {
  /** Button label ("Quality"). */
  label: string;
  /** "Auto" */
  autoLabel: string;
  /** "720p" for a height. */
  heightLabel: (height: number) => string;
}

const MenuButton = videojs.getComponent('MenuButton') as unknown as typeof MenuButtonType;
const MenuItem = videojs.getComponent('MenuItem') as unknown as typeof MenuItemType;

interface ItemOptions {
  label: string;
  choice: QualityChoice;
  selectable: true;
  selected: boolean;
  onPick: (choice: QualityChoice) => void;
}

class QualityMenuItem extends MenuItem {
  constructor(player: Player, options: ItemOptions) {
    super(player, options);
  }

  handleClick(event: Event): void {
    super.handleClick(event);
    const options = this.options_ as ItemOptions;
    options.onPick(options.choice);
  }
}

class QualityMenuButton extends MenuButton {
  constructor(player: Player, options: QualityMenuOptions) {
    super(player, options);
    this.controlText(options.label);
    const list = qualityLevelsOf(player);
    if (list) {
      const refresh = () => this.update();
      list.on(['addqualitylevel', 'removequalitylevel'], refresh);
      this.on('dispose', () => list.off(['addqualitylevel', 'removequalitylevel'], refresh));
    }
  }

  buildCSSClass(): string {
    return `vjs-quality-button ${super.buildCSSClass()}`;
  }

  buildWrapperCSSClass(): string {
    return `vjs-quality-control ${super.buildWrapperCSSClass()}`;
  }

  /** New labels (the interface language changed). */
  relabel(options: QualityMenuOptions): void {
    Object.assign(this.options_ as QualityMenuOptions, options);
    this.controlText(options.label);
    this.update();
  }

  createItems(): QualityMenuItem[] {
    const player = this.player();
    const options = this.options_ as QualityMenuOptions;
    const list = qualityLevelsOf(player);
    // Hidden unless there is a real choice: Auto plus at least two heights.
    (this as unknown as { hideThreshold_: number }).hideThreshold_ = 2;
    if (!list) return [];
    const current = currentQuality(list);
    const onPick = (choice: QualityChoice) => {
      chooseQuality(list, choice);
      this.update();
    };
    const items: QualityMenuItem[] = [
      new QualityMenuItem(player, {
        label: options.autoLabel,
        choice: 'auto',
        selectable: true,
        selected: current === 'auto',
        onPick,
      }),
    ];
    for (const height of qualityHeights(list)) {
      items.push(
        new QualityMenuItem(player, {
          label: options.heightLabel(height),
          choice: height,
          selectable: true,
          selected: current === height,
          onPick,
        }),
      );
    }
    return items;
  }
}

let registered = false;

export interface QualityMenu {
  relabel(options: QualityMenuOptions): void;
}

/** Adds the quality menu to a player's control bar, before the full-screen button. */
export function addQualityMenu(player: Player, options: QualityMenuOptions): QualityMenu | null {
  if (!registered) {
    videojs.registerComponent('QualityMenuButton', QualityMenuButton as never);
    registered = true;
  }
  const controlBar = player.getChild('ControlBar');
  if (!controlBar) return null;
  const fullscreen = controlBar.getChild('FullscreenToggle');
  const children = controlBar.children();
  const index = fullscreen ? children.indexOf(fullscreen) : children.length;
  return controlBar.addChild('QualityMenuButton', options, index) as unknown as QualityMenu;
}
