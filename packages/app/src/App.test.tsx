import { createApp } from '@backstage/frontend-defaults';
import notificationsPlugin from '@backstage/plugin-notifications/alpha';
import rolloutsPlugin from '@gradual/plugin-rollouts';
import {
  fireEvent,
  render,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import { appFeatures } from './App';

const config = {
  app: { title: 'Gradual test app' },
  backend: { baseUrl: 'http://localhost:7007' },
};

/*
 * Jest does not build the app, so package discovery (`app.packages: all`)
 * does not run: the test adds the installed plugins the app's own features
 * use (the sidebar's notifications item) and Gradual's, as discovery does.
 */
function renderApp(path: string) {
  window.history.pushState({}, '', path);
  process.env = {
    NODE_ENV: 'test',
    APP_CONFIG: [{ data: config, context: 'test' }] as any,
  };
  return render(
    createApp({
      features: [...appFeatures, notificationsPlugin, rolloutsPlugin],
    }).createRoot(),
  );
}

jest.setTimeout(180_000);

describe('App', () => {
  it('signs in as a guest, shows the sidebar with the catalog and Deliveries, and serves /deliveries', async () => {
    renderApp('/deliveries');

    // The app loads its extensions lazily: slow on a loaded CI machine.
    const enter = await screen.findByRole(
      'button',
      { name: 'Enter' },
      { timeout: 60_000 },
    );
    expect(screen.getByText('Gradual test app')).toBeInTheDocument();
    // No auth backend in the test: the sign-in page offers the local guest
    // identity instead, which the user accepts.
    const confirm = jest.spyOn(window, 'confirm').mockReturnValue(true);
    fireEvent.click(enter);
    await waitFor(() => expect(confirm).toHaveBeenCalled());

    const nav = await screen.findByRole(
      'navigation',
      { name: 'sidebar nav' },
      { timeout: 60_000 },
    );
    expect(within(nav).getByRole('link', { name: /Catalog/ })).toHaveAttribute(
      'href',
      '/catalog',
    );
    expect(
      within(nav).getByRole('link', { name: /Deliveries/ }),
    ).toHaveAttribute('href', '/deliveries');
    // the Deliveries page itself, from the plugin
    await waitFor(
      () =>
        expect(
          screen.getByText('Every rollout in flight across clusters'),
        ).toBeInTheDocument(),
      { timeout: 60_000 },
    );
  });
});
