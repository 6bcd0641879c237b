import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { navModule } from './modules/nav';
import { homeModule } from './modules/home';

/**
 * The app's own features. `app.packages: all` (app-config.yaml) adds every
 * installed frontend plugin, Gradual's included, when the app is built.
 */
export const appFeatures = [catalogPlugin, navModule, homeModule];

export default createApp({
  features: appFeatures,
});
