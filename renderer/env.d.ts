// Vite turns CSS imports into stylesheets; to TypeScript they are side-effect modules.
declare module '*.css';
