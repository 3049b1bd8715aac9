/**
 * The DynamoDB encryption domain, shared by the frontend, the backend and the scaffolder actions.
 *
 * @packageDocumentation
 */
export * from './constants';
export * from './arn';
export * from './classify';
export * from './describe';
export * from './findings';
export * from './findingTitles';
export * from './report';
export * from './trait';
export * from './application';
export * from './adoption';
export * from './adoptionGaps';
export * from './adoptionPreview';
export * from './cost';
export * from './compliance';
export * from './shell';
export * from './drift';
export * from './permissions';
export * from './keyPolicy';
export * from './keyPrincipals';
export * from './keyUseFindings';
export * from './policyPrincipals';
export * from './table';
export * from './tableName';
export * from './names';
export * from './keyUsability';
export * from './entity';
export * from './applicationStatus';
export * from './fleet';
export * from './policies';
export * from './accountErrors';
export * from './events';
export * from './assessment';
export * from './keyChoiceEstimates';
export * from './labels';
export * from './scorecard';
export * from './eventChanges';
export * from './manifestLocation';
export * from './applicationEdit';
export * from './lineDiff';
export * from './keyChange';
export * from './keySwitches';
export * from './keyChoiceObservation';
