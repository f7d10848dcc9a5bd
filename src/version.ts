/** The version of md2data (a test keeps it equal to package.json's). Part of every cache key. */
export const version = '0.1.0'
