// mediation.mediation.v1 is one proto package in several files (mediation.proto for mediators,
// roster.proto for supervisors): together they are the `mediation` namespace of the index, as one
// file was before. Each generated file names its package and file, and both carry ts-proto's
// helper types; the mediators' file's are the ones exported.
export * from "./gen/mediation/mediation/v1/mediation.js";
export {
  type DeepPartial,
  type Exact,
  type MessageFns,
  protobufFileName,
  protobufPackage,
} from "./gen/mediation/mediation/v1/mediation.js";
export * from "./gen/mediation/mediation/v1/roster.js";
