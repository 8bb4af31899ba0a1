package dev.cnimetrics.cri.fake;

import dev.cnimetrics.cri.v1.VersionRequest;
import dev.cnimetrics.cri.v1.VersionResponse;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.lite.ProtoLiteUtils;
import io.grpc.stub.ServerCalls;

/**
 * Test double of a runtime that predates CRI runtime.v1 (containerd 1.5 and older): it serves only
 * runtime.v1alpha2, of which this double implements Version. Every runtime.v1 call gets
 * UNIMPLEMENTED from gRPC itself.
 */
public final class OldRuntime {
  private OldRuntime() {}

  public static ServerServiceDefinition v1alpha2(String name, String version) {
    MethodDescriptor<VersionRequest, VersionResponse> method =
        MethodDescriptor.<VersionRequest, VersionResponse>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName("runtime.v1alpha2.RuntimeService/Version")
            .setRequestMarshaller(ProtoLiteUtils.marshaller(VersionRequest.getDefaultInstance()))
            .setResponseMarshaller(ProtoLiteUtils.marshaller(VersionResponse.getDefaultInstance()))
            .build();
    return ServerServiceDefinition.builder("runtime.v1alpha2.RuntimeService")
        .addMethod(
            method,
            ServerCalls.asyncUnaryCall(
                (req, out) -> {
                  out.onNext(
                      VersionResponse.newBuilder()
                          .setVersion("0.1.0")
                          .setRuntimeName(name)
                          .setRuntimeVersion(version)
                          .setRuntimeApiVersion("v1alpha2")
                          .build());
                  out.onCompleted();
                }))
        .build();
  }
}
