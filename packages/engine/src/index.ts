/**
 * @catena/engine — the Catena library, browser-safe core: tables, the Model, every analysis,
 * index systems, econometrics, results, concordance data and the analysis registry. Nothing
 * here imports a `node:*` module (dependency-cruiser checks it); reading files, downloads and
 * Parquet are in `@catena/engine/node` (node.ts), which re-exports all of this.
 *
 * Path of the data: reader → IcioTable → validate → Model → analyses → Result → writer.
 */
export { TableFormatError, TableError, OptionError, CancelledError } from './errors.js';
export { IcioTable, TABLE_CONVENTIONS, type IcioTableInit } from './table/icio-table.js';
export { validateTable, type Diagnostic, type ValidateOptions } from './table/validate.js';
export { aggregateTable, type Concordance } from './table/icio-table.js';
export { Model, type ModelOptions } from './model/model.js';
export { numericalWarnings, RCOND_WARN } from './model/productive.js';
export { Partition, partitionOf, resolveBlocks, type BlockSpec, type PartitionModel } from './model/partition.js';
export { meldSplits } from './sources/splits.js';
export { SPLIT_PARENTS, splitParent } from './concordance/splits.js';
export { sampleWorld, type SampleWorldOptions } from './sources/sample-world.js';
export {
  type Result,
  type ResultMeta,
  type Row,
  type Cell,
  type StreamedResult,
  type AnalysisOutput,
  type ResultDiagnostic,
  type DiagnosticItem,
  type TableProvenance,
  concatResults,
  collectResult,
  resultBatches,
  isStreamed,
} from './results/result.js';
export { toCsv, toJson, csvHeader, csvLines } from './results/write.js';
export { COUNTRY_GROUPS, GROUP_ALIASES, COUNTRY_ALIASES, isoCode, groupMembers, groupInTable } from './concordance/groups.js';
export {
  DECOMPOSITION_COLUMNS,
  SUMMARY_TERMS,
  TRADE_METHODS,
  registerTradeMethod,
  type DecomposeOptions,
  type TradeMethod,
  type Level,
  type Approach,
  type MethodId,
} from './trade/decompose.js';
export { parseFormula, FormulaError, type Formula } from './econometrics/formula.js';
export { regress, regressionJson, type RegressOptions, type RegressionResult, type Coefficient } from './econometrics/regress.js';
export { productionDecomposition, type ProductionDecomposition, type WwyzTerms } from './production/wwyz.js';
export { productionLengths, ghoshTimes, type Lengths, type RatioParts } from './production/lengths.js';
export { indicators, INDICATOR_COLUMNS, type IndicatorOptions } from './indicators/indicators.js';
export {
  DEFINITIONS,
  INDICATORS,
  LOCKIN_QUADRANTS,
  knownSetNames,
  resolveSet,
  type IndicatorInfo,
  type IndicatorDefinition,
} from './indicators/catalog.js';
export { lockinTrend, LOCKIN_TRENDS } from './indicators/lockin.js';
export { smileCurve, SMILE_COLUMNS, type SmileOptions } from './indicators/smile.js';
export { vaExportsForward } from './indicators/rca.js';
export { valueAddedOrigins, chainShape } from './indicators/chain.js';
export { regionalSplit, type RegionalSplit } from './indicators/regional.js';
export { regressionTable, type TableFormat, type TableOptions } from './econometrics/tables.js';
export {
  mediation,
  mediationJson,
  MAX_BOOTSTRAP,
  mulberry32,
  sobelTest,
  type MediationOptions,
  type MediationResult,
} from './econometrics/mediation.js';
export { studentTCdf, studentTPValue, fPValue, normalCdf, incompleteBeta } from './econometrics/dist.js';
export { type TermCube } from './trade/cube.js';
export { type BlockOptions } from './trade/scaffold.js';
export { frameOf, type Frame } from './trade/frame.js';
export { WWZ_TERMS, WWZ_SUMMARY, wwzCube, wwzMethod } from './trade/wwz.js';
export { KWW_TERMS, KWW_FROM_WWZ, KWW_SUMMARY, kwwCube, kwwMethod } from './trade/kww.js';
export { HIY_TERMS, HIY_COLUMNS, HIY_SUMMARY, hiyRows, hiyMethod, vaOriginMatrix } from './trade/hiy.js';
export { MY_TERMS, MY_SUMMARY, miroudotYeCoefficients, miroudotYeCube, miroudotYeMethod } from './trade/my.js';
export { TIVA_TERMS, TIVA_SHARES, TIVA_SUMMARY, tivaMethod } from './trade/tiva.js';
export { decompose, selection, decompositionResult, type Selection } from './trade/decompose.js';
import './trade/methods.js';
export { bmMethod, BM_PERSPECTIVES, BM_LEVELS, type BmPerspective } from './trade/bm.js';
export { koopmanMethod, koopmanPieces, KOOPMAN_TERMS } from './trade/koopman.js';
export { NationalTable, splitImportsProportionally, type NationalTableInit, type ImportSplit } from './national/table.js';
export { nationalMeasures, nationalValueChains, NVC_MEASURES, type NvcMeasure, type NvcResultData } from './national/nvc.js';
export { CATALOG, catalogEntry, fillTemplate, type CatalogEntry, type DownloadSpec } from './sources/catalog.js';
export { toIso3, ISO2_TO_ISO3, NON_COUNTRY_REGIONS, DATABASE_CODES } from './concordance/iso3.js';
export { technologyConcordance, technologyLevels, isicRevision, type TechLevel } from './concordance/technology.js';
export {
  indicatorSpecs,
  panelFromRows,
  assertComplete,
  imputePanel,
  MissingValueError,
  type IndicatorPanel,
  type IndicatorSpec,
  type Direction,
  type Imputation,
  type ImputedCell,
} from './composite/panel.js';
export { minMaxNormalise, zScoreNormalise } from './composite/normalise.js';
export { entropyWeights } from './composite/entropy.js';
export { criticWeights } from './composite/critic.js';
export { symmetricEigen, type SymmetricEigen } from './composite/eigen.js';
export { pcaWeights, pcaWeightsFromCorrelation, principalComponents, type PrincipalComponents } from './composite/pca.js';
export { computeWeights, equalWeights, userWeights, WEIGHT_METHODS, type WeightMethod } from './composite/weights.js';
export { weightedSum } from './composite/score.js';
export { topsis, type TopsisResult } from './composite/topsis.js';
export { hierarchicalWeights, type Dimension, type DimensionWeighting } from './composite/hierarchy.js';
export {
  computeIndex,
  indexToJson,
  indexToResult,
  SCORE_METHODS,
  type ScoreMethod,
  type IndexOptions,
  type IndexResult,
  type IndexRow,
} from './composite/index-system.js';
export {
  INDEX_TEMPLATES,
  DIGITAL_TRADE_TEMPLATE,
  GVC_RESILIENCE_TEMPLATE,
  indexTemplate,
  templateSystem,
  type IndexTemplate,
} from './composite/templates.js';
export { joinGvc, longRows, pivotLong, type LongRow } from './composite/join.js';
export { gvcRatio, supplierConcentration, volatility, type SupplierFlow } from './composite/gvc-features.js';
export { type Vcov, type VcovType } from './econometrics/vcov.js';
export { resilienceFeatures, resilienceTable, type ResilienceOptions } from './shocks/resilience.js';
export {
  buildGraph,
  flowMatrix,
  prune,
  GRAPH_KINDS,
  GRAPH_LEVELS,
  type DenseGraph,
  type GraphKind,
  type GraphLevel,
  type Pruning,
} from './network/graphs.js';
export {
  networkMeasures,
  fagioloClustering,
  toGraphology,
  NODE_MEASURES,
  GRAPH_MEASURES,
  type Measures,
  type NodeMeasure,
} from './network/measures.js';
export {
  networkAnalysis,
  networkOptions,
  edgeList,
  toGraphml,
  NETWORK_COLUMNS,
  EDGE_COLUMNS,
  type NetworkOptions,
} from './network/network.js';
export {
  rasmussenLinkages,
  quadrant,
  aplParts,
  aplValue,
  aplCountries,
  linkagesResult,
  aplResult,
  LINKAGE_COLUMNS,
  APL_COLUMNS,
  QUADRANTS,
  type Linkages,
  type AplOptions,
} from './network/linkages.js';
export {
  parseUserCsv,
  parsePymrioText,
  parseEoraQ,
  parseUnitsText,
  alignExtension,
  indicatorIndex,
  type Extension,
  type ExtensionIndicator,
} from './satellite/extension.js';
export { footprints, footprintResult, FOOTPRINT_COLUMNS, type Footprint, type FootprintOptions } from './satellite/footprint.js';
export { embodiedRd, embodiedResult, embodiedChange, EMBODIED_COLUMNS, type Embodied, type EmbodiedOptions } from './satellite/embodied.js';
export {
  networkRoles,
  chainLeaders,
  chainSignature,
  ROLE_COLUMNS,
  LEADER_COLUMNS,
  SIGNATURE_COLUMNS,
  STRUCTURAL_NOTE,
} from './network/roles.js';
export {
  extraction,
  extractAnalysis,
  extractOptions,
  extractionDelta,
  linkDelta,
  resolveTargets,
  baselineOf,
  EXTRACTION_MODES,
  EXTRACTION_COLUMNS,
  EXTRACTION_INDICATORS,
  type ExtractOptions,
  type Target as ExtractionTarget,
} from './shocks/extract.js';
export {
  leontiefCorrection,
  priceCorrection,
  extractSetDelta,
  sweepSectors,
  type BlockUpdate,
  type ExtractionMode,
  type Baseline,
} from './shocks/update.js';
export {
  shock,
  shockAnalysis,
  shockOptions,
  scenarioEffect,
  SHOCK_INDICATORS,
  type ShockOptions,
  type ScenarioEffect,
} from './shocks/shock.js';
export {
  parseScenarioCsv,
  parseScenarioJson,
  parseScenarioText,
  parseShockText,
  checkShock,
  SHOCK_TYPES,
  type Shock,
  type ShockType,
  type Scenario,
} from './shocks/scenario.js';
export {
  exposure,
  exposureAnalysis,
  exposureOptions,
  exportConcentration,
  concentration,
  resolveSectors,
  EXPOSURE_COLUMNS,
  type ExposureOptions,
} from './shocks/exposure.js';
export {
  resilienceIndex,
  resilienceAnalysis,
  resilienceOptions,
  RESILIENCE_COMPONENTS,
  RESILIENCE_COLUMNS,
  type ResilienceIndexOptions,
} from './shocks/resilience-index.js';

export { dataFrame, type DataFrame, type Column as DataColumn } from './econometrics/data.js';
export {
  registerAnalysis,
  analyses,
  findAnalysis,
  getAnalysis,
  type AnalysisDef,
  type AnalysisInput,
  type RunContext,
} from './registry/analysis.js';
export { optionFields, parseOptions, wordIssue, type OptionField, type FieldKind, type OptionIssue } from './registry/fields.js';
export { runBatch, batchParts, type BatchItem, type BatchPart } from './registry/batch.js';
export { coefficientRows, REGRESSION_COLUMNS } from './registry/builtin-data.js';
import './registry/builtin.js';
