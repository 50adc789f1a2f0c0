// The application as exports name it. The version is package.json's (a test keeps them equal).
export const APP_NAME = 'Permission Auditor';
export const APP_VERSION = '0.1.0';
