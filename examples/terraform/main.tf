# A VPC's addressing, built by Terraform's AWS provider against `eniplan serve`:
#
#   eniplan serve --strategy lowest          # in another terminal; prints its URL
#   terraform init && terraform apply
#   terraform apply -var fragment=true       # InsufficientCidrBlocks, as EC2 answers
#   terraform destroy
#
# Resources are written in the order they depend on each other.

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
  }
}

variable "endpoint" {
  description = "The URL eniplan serve prints"
  type        = string
  default     = "http://127.0.0.1:8787"
}

variable "fragment" {
  description = "Ask for a /28 prefix in a subnet that has no whole /28 free"
  type        = bool
  default     = false
}

provider "aws" {
  region                      = "us-east-1"
  access_key                  = "eniplan"
  secret_key                  = "eniplan"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true

  endpoints {
    ec2 = var.endpoint
  }
}

resource "aws_vpc" "main" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_hostnames = true
  tags = {
    Name = "eniplan-example"
  }
}

resource "aws_subnet" "nodes" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.0.16.0/20"
  availability_zone = "us-east-1a"
  tags = {
    Name = "nodes"
  }
}

# Two /28 blocks: the first holds EC2's four reserved addresses, so only the second can
# become a prefix.
resource "aws_subnet" "small" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.0.40.0/27"
  availability_zone = "us-east-1a"
  tags = {
    Name = "small"
  }
}

# Prefixes come from here first.
resource "aws_ec2_subnet_cidr_reservation" "pods" {
  subnet_id        = aws_subnet.nodes.id
  cidr_block       = "10.0.24.0/24"
  reservation_type = "prefix"
}

resource "aws_network_interface" "counted" {
  subnet_id         = aws_subnet.nodes.id
  private_ips_count = 4
}

resource "aws_network_interface" "pods" {
  subnet_id         = aws_subnet.nodes.id
  ipv4_prefix_count = 2
  tags = {
    Name = "pods"
  }
  depends_on = [aws_ec2_subnet_cidr_reservation.pods]
}

resource "aws_instance" "node" {
  ami                   = "ami-0abcdef1234567890"
  instance_type         = "m5.large"
  subnet_id             = aws_subnet.nodes.id
  private_ip            = "10.0.17.50"
  secondary_private_ips = ["10.0.17.51", "10.0.17.52"]
  tags = {
    Name = "node"
  }
}

resource "aws_network_interface_attachment" "counted" {
  instance_id          = aws_instance.node.id
  network_interface_id = aws_network_interface.counted.id
  device_index         = 1
}

resource "aws_eip" "egress" {
  domain = "vpc"
  tags = {
    Name = "egress"
  }
}

resource "aws_eip_association" "egress" {
  allocation_id        = aws_eip.egress.id
  network_interface_id = aws_network_interface.pods.id
}

# One address in the second /28 of the small subnet: no whole /28 is left free there.
resource "aws_network_interface" "squatter" {
  subnet_id   = aws_subnet.small.id
  private_ips = ["10.0.40.20"]
}

resource "aws_network_interface" "fragmented" {
  count             = var.fragment ? 1 : 0
  subnet_id         = aws_subnet.small.id
  ipv4_prefix_count = 1
  depends_on        = [aws_network_interface.squatter]
}

output "pod_prefixes" {
  value = aws_network_interface.pods.ipv4_prefixes
}

output "node_addresses" {
  value = concat([aws_instance.node.private_ip], tolist(aws_instance.node.secondary_private_ips))
}
