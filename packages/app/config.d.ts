export interface Config {
  app?: {
    /**
     * The sandbox's sign-in page: besides the guest (the platform team, who sees every table), a second
     * identity who sees only their team's tables. Needs the backend's `auth.providers.sandbox-member`.
     * Unset: the usual guest sign-in page.
     */
    sandboxSignIn?: {
      /**
       * The second identity's card title, e.g. "Payments engineer".
       * @visibility frontend
       */
      memberTitle: string;
      /**
       * What the second identity sees, e.g. "Sees the payments team's tables only".
       * @visibility frontend
       */
      memberDescription?: string;
    };
  };
}
