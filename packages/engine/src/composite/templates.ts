/**
 * Index-system templates, as data: the dimensions, the indicators (column names the panel must
 * provide), their directions and where each comes from. `templateSystem` turns a template into
 * the indicators and dimensions computeIndex takes. Sources and definitions: docs/index-systems.md.
 */
import { OptionError } from '../errors.js';
import type { Dimension } from './hierarchy.js';
import type { Direction, IndicatorSpec } from './panel.js';

export interface TemplateIndicator {
  /** Column name in the panel. */
  name: string;
  label: string;
  direction: Direction;
  /** 'user': a column of the user's table; 'gvc': computed from Catena's GVC outputs. */
  source: 'user' | 'gvc';
  /** How the value is obtained (for 'gvc': which Catena output and which helper). */
  definition: string;
}

export interface TemplateDimension {
  name: string;
  label: string;
  indicators: TemplateIndicator[];
}

export interface IndexTemplate {
  name: string;
  label: string;
  description: string;
  dimensions: TemplateDimension[];
  /** Literature the system follows. */
  references: string[];
}

const user = (name: string, label: string, direction: Direction, definition: string): TemplateIndicator => ({
  name,
  label,
  direction,
  source: 'user',
  definition,
});
const gvc = (name: string, label: string, direction: Direction, definition: string): TemplateIndicator => ({
  name,
  label,
  direction,
  source: 'gvc',
  definition,
});

/** Digital-trade development index: four dimensions, as in the empirical digital-trade literature. */
export const DIGITAL_TRADE_TEMPLATE: IndexTemplate = {
  name: 'digital-trade',
  label: 'Digital-trade development index',
  description:
    'Development of digital trade by country and year, from digital innovation, digital trade capacity, infrastructure ' +
    'environment and trade potential. Indicators are user-supplied columns (World Bank WDI, UNCTAD, ITU, WIPO) except ' +
    'GVC participation, which Catena computes.',
  dimensions: [
    {
      name: 'digital_innovation',
      label: 'Digital innovation',
      indicators: [
        user(
          'ict_patents',
          'ICT patent applications',
          'benefit',
          'patent applications in digital technologies (WIPO/OECD), count or per million people',
        ),
        user('rd_intensity', 'R&D intensity', 'benefit', 'gross domestic expenditure on R&D, % of GDP'),
        user('researchers', 'Researchers', 'benefit', 'researchers in R&D per million people'),
      ],
    },
    {
      name: 'digital_trade_capacity',
      label: 'Digital trade capacity',
      indicators: [
        user('ict_service_exports', 'ICT service exports', 'benefit', 'ICT service exports (BoP, current US$ or % of service exports)'),
        user(
          'digital_service_exports',
          'Digitally deliverable services exports',
          'benefit',
          'UNCTAD digitally deliverable services exports',
        ),
        user('ict_goods_exports', 'ICT goods exports', 'benefit', 'ICT goods exports, % of goods exports'),
      ],
    },
    {
      name: 'infrastructure_environment',
      label: 'Infrastructure environment',
      indicators: [
        user('internet_users', 'Internet users', 'benefit', 'individuals using the internet, % of population (ITU)'),
        user('broadband', 'Fixed broadband', 'benefit', 'fixed broadband subscriptions per 100 people (ITU)'),
        user('secure_servers', 'Secure internet servers', 'benefit', 'secure internet servers per million people'),
        user('mobile_subscriptions', 'Mobile subscriptions', 'benefit', 'mobile cellular subscriptions per 100 people (ITU)'),
      ],
    },
    {
      name: 'trade_potential',
      label: 'Trade potential',
      indicators: [
        user('gdp_per_capita', 'GDP per capita', 'benefit', 'GDP per capita, constant US$'),
        user('trade_openness', 'Trade openness', 'benefit', 'exports plus imports of goods and services, % of GDP'),
        user('tariff_rate', 'Tariff rate', 'cost', 'applied tariff rate, weighted mean, all products, %'),
        gvc(
          'gvc_participation',
          'GVC participation',
          'benefit',
          'GVC-related share of gross exports, GVC/GEXP, from a Catena decomposition (e.g. gvcRatio of term GVC over GEXP)',
        ),
      ],
    },
  ],
  references: [
    'Hwang, C.-L. & Yoon, K. (1981), Multiple Attribute Decision Making, Springer (TOPSIS)',
    'Diakoulaki, D., Mavrotas, G. & Papayannakis, L. (1995), Determining objective weights in multiple criteria problems: the CRITIC method, Computers & Operations Research 22(7)',
    'UNCTAD (2015), International trade in ICT services and ICT-enabled services (digitally deliverable services)',
  ],
};

/** GVC resilience index: security and stability of a country's participation in value chains. */
export const GVC_RESILIENCE_TEMPLATE: IndexTemplate = {
  name: 'gvc-resilience',
  label: 'GVC resilience index',
  description:
    'Resilience of a country’s position in global value chains: security (how concentrated and how dependent its foreign ' +
    'supply is, how much value added stays at home) and stability (how much its participation and value added swing over ' +
    'the years). Every indicator comes from Catena’s GVC outputs: resilienceTable(models) builds them from yearly tables.',
  dimensions: [
    {
      name: 'security',
      label: 'Security',
      indicators: [
        gvc(
          'supplier_hhi',
          'Concentration of foreign suppliers',
          'cost',
          'Herfindahl index Σ_r s_r² of the origin countries r of the foreign value added embodied in the country’s output (= chain_hhi; supplierConcentration)',
        ),
        gvc(
          'top_supplier_share',
          'Dependence on the largest supplier',
          'cost',
          'largest origin country’s share of that foreign value added, max_r s_r (supplierConcentration)',
        ),
        gvc(
          'domestic_va_share',
          'Share of domestic value added',
          'benefit',
          'domestic value added / all value added embodied in the country’s output (= 1 − chain_foreign_share); from a decomposition, DVA/GEXP (gvcRatio)',
        ),
      ],
    },
    {
      name: 'stability',
      label: 'Stability',
      indicators: [
        gvc(
          'participation_volatility',
          'Volatility of GVC participation',
          'cost',
          'standard deviation of the year-on-year growth of GVC participation (default gvc_participation_backward) over a trailing window (volatility)',
        ),
        gvc(
          'va_volatility',
          'Volatility of value added',
          'cost',
          'standard deviation of the year-on-year growth of the country’s value added over a trailing window (volatility)',
        ),
      ],
    },
  ],
  references: [
    'Koopman, R., Wang, Z. & Wei, S.-J. (2014), Tracing value-added and double counting in gross exports, American Economic Review 104(2)',
    'Wang, Z., Wei, S.-J. & Zhu, K. (2013), Quantifying international production sharing at the bilateral and sector levels, NBER WP 19677',
  ],
};

/** Every template by name. */
export const INDEX_TEMPLATES: Record<string, IndexTemplate> = {
  [DIGITAL_TRADE_TEMPLATE.name]: DIGITAL_TRADE_TEMPLATE,
  [GVC_RESILIENCE_TEMPLATE.name]: GVC_RESILIENCE_TEMPLATE,
};

/** The template of that name, or an OptionError listing the known ones. */
export function indexTemplate(name: string): IndexTemplate {
  const t = INDEX_TEMPLATES[name];
  if (!t) throw new OptionError(`index template '${name}' is not known; expected one of ${Object.keys(INDEX_TEMPLATES).join(', ')}`);
  return t;
}

/** The indicators (with directions) and dimensions of a template, ready for computeIndex. */
export function templateSystem(t: IndexTemplate): { indicators: IndicatorSpec[]; dimensions: Dimension[] } {
  return {
    indicators: t.dimensions.flatMap((d) => d.indicators.map((i) => ({ name: i.name, direction: i.direction }))),
    dimensions: t.dimensions.map((d) => ({ name: d.name, indicators: d.indicators.map((i) => i.name) })),
  };
}
