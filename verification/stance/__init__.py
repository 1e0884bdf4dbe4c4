"""The stance model: training, export and ONNX inference."""
