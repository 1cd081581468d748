namespace Lepton.Monitor.Scoring;

/// <summary>What follows a dense layer: nothing, or an element-wise ReLU, logistic sigmoid or tanh.</summary>
public enum DenseActivation { None, Relu, Sigmoid, Tanh }
