import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { setParams, useParam } from './url';
import { TablesPage } from './pages/tables';
import { ProfilePage } from './pages/profile';
import { FlowsPage } from './pages/flows';
import { SmilePage } from './pages/smile';
import { RunnerPage } from './pages/runner';
import { IndexPage } from './pages/index-builder';
import { RegressionPage } from './pages/regression';
import './style.css';

const PAGES: [string, string, () => React.JSX.Element][] = [
  ['tables', 'Tables', TablesPage],
  ['profile', 'Country profile', ProfilePage],
  ['flows', 'Value flows', FlowsPage],
  ['smile', 'Smile curve', SmilePage],
  ['scenario', 'Scenarios', () => <RunnerPage kind="scenario" />],
  ['network', 'Network', () => <RunnerPage kind="network" />],
  ['index', 'Index builder', IndexPage],
  ['regress', 'Regression', RegressionPage],
];

function App() {
  const [page] = useParam('page', 'tables');
  const current = PAGES.find((p) => p[0] === page) ?? PAGES[0];
  const Page = current[2];
  return (
    <>
      <header>
        <strong>Catena</strong>
        <nav>
          {PAGES.map(([id, title]) => (
            <a
              key={id}
              href={`?page=${id}`}
              className={id === current[0] ? 'active' : ''}
              onClick={(e) => {
                e.preventDefault();
                const keep = new URLSearchParams(location.search).get('table') ?? undefined;
                history.pushState(null, '', `?page=${id}${keep ? `&table=${keep}` : ''}${location.hash}`);
                setParams({});
              }}
            >
              {title}
            </a>
          ))}
        </nav>
      </header>
      <main data-page={current[0]}>
        <h1>{current[1]}</h1>
        <Page />
      </main>
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
