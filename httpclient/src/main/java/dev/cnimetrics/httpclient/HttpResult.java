package dev.cnimetrics.httpclient;

/** A complete HTTP response: status code and the whole body (never more than the size limit). */
public record HttpResult(int status, byte[] body) {}
