const HTTP_REQUEST_LINE = /^(GET|POST|HEAD|PUT|DELETE|OPTIONS|PATCH|CONNECT) \S+ HTTP\/\d/;

/** Whether a first line is an HTTP request line: a browser or curl pointed at the telnet port. */
export function isHttpRequestLine(line: string): boolean {
  return HTTP_REQUEST_LINE.test(line);
}
