// pdfkit through a module of our own that is imported lazily (see report-pdf.ts): bundlers turn
// `import('./pdfkit-module')` into a deferred require, which resolves like every other require in the bundle.
export { default as PDFDocument } from 'pdfkit';
