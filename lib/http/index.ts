export { cookieHeaderFor, parseCookies } from './cookieHeader';
export { httpRequest, LIBRARY_AGENT, ownRequestProblem, type HttpRequestOptions, type HttpResponse } from './request';
export { proxyProblem } from './route';
