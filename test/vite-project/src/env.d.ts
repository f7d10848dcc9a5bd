/// <reference types="vite/client" />
/// <reference types="md2data/client" />
