export interface Config {
  dynamodbEncryption?: {
    techInsights?: {
      /**
       * Whether the module sets the JSON rules engine fact checker with the configured checks
       * (`techInsights.factChecker.checks`) and the ones this package ships. Default true: add this module
       * instead of `@backstage-community/plugin-tech-insights-backend-module-jsonfc`. With false, it adds
       * the fact retriever only.
       */
      registerChecks?: boolean;
    };
  };
}
